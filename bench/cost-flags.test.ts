import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../adapters/driving/local/cli.ts';
import { parseCostFlags, USAGE } from './cost-flags.ts';

const failure = (args: string[]) => {
  try {
    parseCostFlags(args);
  } catch (error) {
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as UserFacingError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error(`${args.join(' ')} was accepted`);
};

describe('parseCostFlags', () => {
  it('takes the two required flags and fills in the defaults', () => {
    expect(parseCostFlags(['--connections', '100', '--deliveries-per-day', '100000'])).toEqual({
      connections: 100,
      deliveriesPerDay: 100_000,
      idleFraction: undefined,
      channelsPerConnection: 1,
      subscribersPerTrigger: 10,
      messageBytes: 200,
      activityTimeoutSeconds: 120,
      lambdaMemoryMb: 512,
    });
  });

  it('takes --flag=value, digit separators, exponents and fractions where they make sense', () => {
    const inputs = parseCostFlags(['--connections=2_000', '--deliveries-per-day', '3.6e6', '--idle-fraction', '0.25', '--subscribers-per-trigger', '1,000']);
    expect(inputs).toMatchObject({ connections: 2000, deliveriesPerDay: 3_600_000, idleFraction: 0.25, subscribersPerTrigger: 1000 });
  });

  it('reaches at most every connection by default', () => {
    expect(parseCostFlags(['--connections', '4', '--deliveries-per-day', '8'])).toMatchObject({ subscribersPerTrigger: 4 });
  });

  it('answers help', () => {
    expect(parseCostFlags(['--help'])).toBe('help');
    expect(parseCostFlags(['-h'])).toBe('help');
    expect(USAGE).toContain('--deliveries-per-day');
  });

  it('names a missing required flag', () => {
    expect(failure(['--deliveries-per-day', '5'])).toMatch(/--connections is required/);
    expect(failure(['--connections', '5'])).toMatch(/--deliveries-per-day is required/);
  });

  it('refuses what is not a number, a fraction where a whole number is due, and anything out of range, naming the flag', () => {
    expect(failure(['--connections', 'many', '--deliveries-per-day', '5'])).toMatch(/--connections must be a number .*"many"/);
    expect(failure(['--connections=-3', '--deliveries-per-day', '5'])).toMatch(/--connections must be a number/);
    expect(failure(['--connections', '-3', '--deliveries-per-day', '5'])).toMatch(/--connections .*--help/);
    expect(failure(['--connections', '2.5', '--deliveries-per-day', '5'])).toMatch(/--connections must be a whole number/);
    expect(failure(['--connections', '0', '--deliveries-per-day', '5'])).toMatch(/--connections must be from 1/);
    expect(failure(['--connections', '5', '--deliveries-per-day', '5', '--idle-fraction', '1.5'])).toMatch(/--idle-fraction must be from 0 to 1/);
    expect(failure(['--connections', '5', '--deliveries-per-day', '5', '--activity-timeout', '600'])).toMatch(/--activity-timeout must be from 1 to 599/);
    expect(failure(['--connections', '5', '--deliveries-per-day', ''])).toMatch(/--deliveries-per-day must be a number/);
  });

  it('refuses an unknown flag and a flag without its value, pointing at --help', () => {
    expect(failure(['--connections', '5', '--deliveries-per-day', '5', '--region', 'eu'])).toMatch(/unknown option --region .*--help/);
    expect(failure(['--connections'])).toMatch(/--help/);
  });

  it('refuses loads no deployment could have', () => {
    expect(failure(['--connections', '5', '--deliveries-per-day', '5', '--subscribers-per-trigger', '6'])).toMatch(/cannot exceed --connections/);
    expect(failure(['--connections', '5', '--deliveries-per-day', '5', '--channels-per-connection', '0'])).toMatch(/no client can receive/);
  });
});
