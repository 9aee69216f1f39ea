/** Generated inputs per front door: 2,000 in CI and by default, more with PUSHGATE_FUZZ_RUNS. */
export const FUZZ_RUNS = Math.max(1, Number(process.env['PUSHGATE_FUZZ_RUNS'] ?? 2000));
/** A fixed seed unless one is given, so a failure reproduces; fast-check prints the seed it used. */
export const FUZZ_SEED = process.env['PUSHGATE_FUZZ_SEED'] === undefined ? 20261122 : Number(process.env['PUSHGATE_FUZZ_SEED']);
