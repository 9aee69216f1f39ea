/**
 * `load` run on the first call and its result shared by every call after, so a client a function
 * rarely needs is loaded by the invocation that needs it, not by the cold start. A load that fails is
 * forgotten: the next call tries again instead of failing for the life of the environment.
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
