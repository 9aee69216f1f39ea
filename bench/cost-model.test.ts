import { describe, expect, it } from 'vitest';
import { DAYS_PER_MONTH, monthlyBill, monthlyUsage, pingsPerConnectionPerDay, PRICES, pusherMessagesPerDay, pusherPlanFor, totalUsd, type CostInputs } from './cost-model.ts';

const QUIET: CostInputs = { connections: 1, deliveriesPerDay: 0, idleFraction: 0, channelsPerConnection: 0, subscribersPerTrigger: 1, messageBytes: 200, activityTimeoutSeconds: 120, lambdaMemoryMb: 512 };
const lineOf = (inputs: CostInputs, item: string) => monthlyBill(inputs).find((line) => line.item.startsWith(item))!;

describe('pingsPerConnectionPerDay', () => {
  it('pings every activity timeout of the idle share of the day', () => {
    expect(pingsPerConnectionPerDay({ connections: 1, deliveriesPerDay: 0, idleFraction: 0.5, activityTimeoutSeconds: 120 })).toBe(360);
    expect(pingsPerConnectionPerDay({ connections: 1, deliveriesPerDay: 1e6, idleFraction: 0, activityTimeoutSeconds: 120 })).toBe(0);
  });

  it('without an idle fraction: every window when nothing arrives, and as often as deliveries when half the windows are silent', () => {
    expect(pingsPerConnectionPerDay({ connections: 10, deliveriesPerDay: 0, activityTimeoutSeconds: 120 })).toBe(720);
    // e^(−λ·120) = ½: a cycle ends in a ping as often as in a delivery.
    const deliveriesPerDay = (Math.LN2 / 120) * 86_400;
    expect(pingsPerConnectionPerDay({ connections: 1, deliveriesPerDay, activityTimeoutSeconds: 120 })).toBeCloseTo(deliveriesPerDay, 6);
    expect(pingsPerConnectionPerDay({ connections: 1, deliveriesPerDay: 1e7, activityTimeoutSeconds: 120 })).toBeLessThan(1e-6);
  });
});

describe('monthlyUsage and monthlyBill', () => {
  it('holds one silent connection a month: 730 hours of minutes and 12 reconnects a day, each a greeting and a $disconnect', () => {
    const usage = monthlyUsage(QUIET);
    expect(usage.connectionMinutes).toBe(43_800);
    expect(usage.connects).toBeCloseTo(12 * DAYS_PER_MONTH, 9);
    // channels-connect, channels-handshake and channels-disconnect for each; one greeting sent.
    expect(usage.calls.lambdaInvocations).toBeCloseTo(36 * DAYS_PER_MONTH, 9);
    expect(usage.calls.framesOut).toBeCloseTo(12 * DAYS_PER_MONTH, 9);
    expect(usage.calls.framesIn).toBe(0);
    expect(usage.calls.httpRequests).toBe(0);
    expect(lineOf(QUIET, 'connection-minutes').usd).toBeCloseTo(43_800 * 0.25e-6, 12);
    expect(lineOf(QUIET, 'messages').usd).toBeCloseTo(12 * DAYS_PER_MONTH * 1e-6, 12);
  });

  it('counts each ping and pong as a message and each ping as an invocation', () => {
    const idle = { ...QUIET, idleFraction: 1 };
    const extra = monthlyUsage(idle).calls.framesIn + monthlyUsage(idle).calls.framesOut - (monthlyUsage(QUIET).calls.framesIn + monthlyUsage(QUIET).calls.framesOut);
    expect(extra).toBeCloseTo(2 * 720 * DAYS_PER_MONTH, 6);
    expect(monthlyUsage(idle).calls.lambdaInvocations - monthlyUsage(QUIET).calls.lambdaInvocations).toBeCloseTo(720 * DAYS_PER_MONTH, 6);
  });

  it('resubscribes every channel on every reconnect', () => {
    const twoChannels = { ...QUIET, channelsPerConnection: 2 };
    // Each subscribe is a frame in and its route response out.
    expect(monthlyUsage(twoChannels).calls.framesIn).toBeCloseTo(2 * 12 * DAYS_PER_MONTH, 9);
    expect(monthlyUsage(twoChannels).calls.writeUnits - monthlyUsage(QUIET).calls.writeUnits).toBeCloseTo((2 * 3 + 2 * 3) * 12 * DAYS_PER_MONTH, 6);
  });

  it('makes deliveries ÷ subscribers triggers, each an HTTP request, one read of the list and a post to each subscriber', () => {
    const busy = { ...QUIET, connections: 100, deliveriesPerDay: 1000, subscribersPerTrigger: 10, channelsPerConnection: 1 };
    const usage = monthlyUsage(busy);
    expect(usage.triggers).toBeCloseTo(100 * DAYS_PER_MONTH, 9);
    expect(usage.calls.httpRequests).toBeCloseTo(100 * DAYS_PER_MONTH, 9);
    expect(usage.deliveries).toBeCloseTo(1000 * DAYS_PER_MONTH, 9);
    expect(lineOf(busy, 'requests (triggers)').usd).toBeCloseTo(100 * DAYS_PER_MONTH * 1e-6, 12);
    expect(lineOf(busy, 'requests (large').quantity).toBe(0);
  });

  it('queues a channel over the inline limit: SQS requests appear, and the Lambda time grows with the memory', () => {
    const large = { ...QUIET, connections: 1000, deliveriesPerDay: 1000, subscribersPerTrigger: 1000, channelsPerConnection: 1 };
    expect(lineOf(large, 'requests (large').quantity).toBeGreaterThan(0);
    expect(lineOf({ ...large, lambdaMemoryMb: 1024 }, 'compute').usd).toBeCloseTo(2 * lineOf(large, 'compute').usd, 12);
  });

  it('prices every line at its list price, and the total is their sum', () => {
    const inputs = { ...QUIET, connections: 50, deliveriesPerDay: 5000, idleFraction: undefined, channelsPerConnection: 2 };
    const lines = monthlyBill(inputs);
    const messages = lines.find((line) => line.item.startsWith('messages'))!;
    expect(messages.usd).toBeCloseTo((messages.quantity / 1e6) * PRICES.websocketMessagesPerMillion, 12);
    const compute = lines.find((line) => line.item.startsWith('compute'))!;
    expect(compute.usd).toBeCloseTo(compute.quantity * PRICES.lambdaArmGbSecond, 12);
    expect(totalUsd(lines)).toBeCloseTo(lines.reduce((sum, line) => sum + line.usd, 0), 12);
  });
});

describe('the Pusher side', () => {
  it('counts each trigger and each delivery', () => {
    expect(pusherMessagesPerDay({ deliveriesPerDay: 1000, subscribersPerTrigger: 10 })).toBe(1100);
  });

  it('picks the cheapest plan that takes both the connections and the messages', () => {
    expect(pusherPlanFor(100, 200_000)?.name).toBe('Sandbox');
    expect(pusherPlanFor(100, 200_001)?.name).toBe('Startup');
    expect(pusherPlanFor(101, 1)?.name).toBe('Startup');
    expect(pusherPlanFor(2000, 4_000_000)?.name).toBe('Pro');
    expect(pusherPlanFor(1, 9_000_000)?.name).toBe('Business');
    expect(pusherPlanFor(5001, 1)).toBeUndefined();
    expect(pusherPlanFor(1, 10_000_001)).toBeUndefined();
  });
});
