// `npm run cost` flags: what each means, its range, and the one-line error a bad one gets.
import { parseFlags, UserFacingError } from '../adapters/driving/local/cli.ts';
import { PUBLISH_LIMITS } from '../domain/channels/pusher-protocol.ts';
import { MAX_SUBSCRIPTIONS_PER_SOCKET } from '../domain/realtime/subscribe-to-channel.use-case.ts';
import { SETTINGS } from '../manifest/settings.ts';
import type { CostInputs } from './cost-model.ts';

export const COMMAND = 'npm run cost';

interface NumberFlag {
  readonly meaning: string;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  /** Absent: required (or, for the idle fraction, derived). */
  readonly default?: number;
  readonly describeDefault?: string;
}

/** A room of ten: what a trigger reaches unless told (never more than the connections). */
const TYPICAL_SUBSCRIBERS_PER_TRIGGER = 10;

/** API Gateway closes a connection idle for 10 minutes: a ping must come sooner. */
const API_GATEWAY_IDLE_SECONDS = 600;

export const COST_FLAGS = {
  connections: { meaning: 'pusher-js clients connected all month', min: 1, max: 10_000_000, integer: true },
  'deliveries-per-day': { meaning: 'messages clients receive from triggers each day, all channels together', min: 0, max: 1e12, integer: false },
  'idle-fraction': {
    meaning: `share of each connection's time silent long enough to ping (a ping and a pong every activity timeout)`,
    min: 0, max: 1, integer: false, describeDefault: 'from the delivery rate, deliveries arriving at random',
  },
  'channels-per-connection': { meaning: 'channels each client subscribes to (again on every reconnect)', min: 0, max: MAX_SUBSCRIPTIONS_PER_SOCKET, integer: true, default: 1 },
  'subscribers-per-trigger': {
    meaning: 'subscribers each trigger reaches (triggers a day = deliveries ÷ this)', min: 1, max: 10_000_000, integer: true, describeDefault: `default ${TYPICAL_SUBSCRIBERS_PER_TRIGGER}, or the connections if fewer`,
  },
  'message-bytes': { meaning: "a delivery's frame as the client receives it (CloudFront data; Pusher caps data at 10 KB)", min: 1, max: PUBLISH_LIMITS.dataBytes + 1024, integer: true, default: 200 },
  'activity-timeout': {
    meaning: `seconds of silence before pusher-js pings (the lower of the client's activityTimeout and the stack's activityTimeoutSeconds, ${SETTINGS.activityTimeoutSeconds.default} unless raised; under API Gateway's ${API_GATEWAY_IDLE_SECONDS} s idle limit)`,
    min: 1, max: API_GATEWAY_IDLE_SECONDS - 1, integer: true, default: SETTINGS.activityTimeoutSeconds.default,
  },
  'memory-mb': { meaning: "every function's memory (the stack's lambdaMemoryMb)", min: SETTINGS.lambdaMemoryMb.min, max: SETTINGS.lambdaMemoryMb.max, integer: true, default: SETTINGS.lambdaMemoryMb.default },
} as const satisfies Record<string, NumberFlag>;

type FlagName = keyof typeof COST_FLAGS;

export const USAGE = [
  `usage: ${COMMAND} -- --connections N --deliveries-per-day M [--idle-fraction F] [options]`,
  '',
  "Prints a month of pushgate's channels on AWS (API Gateway, Lambda, DynamoDB, SQS, CloudFront) for that",
  'load, from the calls each operation makes (bench/operation-counts.ts, measured by bench/channel-fan-out.ts)',
  'and 2025 list prices (recheck them), beside the Pusher Channels plan that would carry it.',
  '',
  ...Object.entries(COST_FLAGS).map(([name, flag]: [string, NumberFlag]) => {
    const range = `${flag.min} to ${flag.max.toLocaleString('en-US')}${flag.integer ? ', whole' : ''}`;
    const fallback = flag.default !== undefined ? `default ${flag.default}` : (flag.describeDefault ?? 'required');
    return `  --${name.padEnd(24)} ${flag.meaning} (${range}; ${fallback})`;
  }),
  `  --${'help'.padEnd(24)} this text`,
].join('\n');

/** The inputs the flags give, or `help`; a bad or missing flag throws a UserFacingError naming it (exit code 2). */
export function parseCostFlags(args: string[]): CostInputs | 'help' {
  const options = Object.fromEntries([...Object.keys(COST_FLAGS).map((name) => [name, { type: 'string' as const }]), ['help', { type: 'boolean' as const, short: 'h' }]]);
  const { values } = parseFlags(COMMAND, options, args) as { values: Record<string, string | boolean | undefined> };
  if (values['help'] === true) return 'help';
  const read = (name: FlagName): number | undefined => {
    const flag: NumberFlag = COST_FLAGS[name];
    const raw = values[name];
    if (raw === undefined) return flag.default;
    if (typeof raw !== 'string' || !/^\s*\d+(\.\d+)?(e\d+)?\s*$/i.test(raw.replaceAll('_', '').replaceAll(',', ''))) {
      throw new UserFacingError(`--${name} must be a number from ${flag.min} to ${flag.max}, not ${JSON.stringify(raw)}`, 2);
    }
    const value = Number(raw.replaceAll('_', '').replaceAll(',', ''));
    if (flag.integer && !Number.isInteger(value)) throw new UserFacingError(`--${name} must be a whole number, not ${raw}`, 2);
    if (value < flag.min || value > flag.max) throw new UserFacingError(`--${name} must be from ${flag.min} to ${flag.max}, not ${raw}`, 2);
    return value;
  };
  const required = (name: FlagName): number => {
    const value = read(name);
    if (value === undefined) throw new UserFacingError(`--${name} is required (${COMMAND} -- --help lists the options)`, 2);
    return value;
  };
  const connections = required('connections');
  const inputs: CostInputs = {
    connections,
    deliveriesPerDay: required('deliveries-per-day'),
    idleFraction: read('idle-fraction'),
    channelsPerConnection: required('channels-per-connection'),
    subscribersPerTrigger: read('subscribers-per-trigger') ?? Math.min(TYPICAL_SUBSCRIBERS_PER_TRIGGER, connections),
    messageBytes: required('message-bytes'),
    activityTimeoutSeconds: required('activity-timeout'),
    lambdaMemoryMb: required('memory-mb'),
  };
  if (inputs.subscribersPerTrigger > inputs.connections) {
    throw new UserFacingError(`--subscribers-per-trigger (${inputs.subscribersPerTrigger}) cannot exceed --connections (${inputs.connections}): a trigger reaches connected clients`, 2);
  }
  if (inputs.deliveriesPerDay > 0 && inputs.channelsPerConnection === 0) {
    throw new UserFacingError('--channels-per-connection is 0, so no client can receive the deliveries: subscribe them to at least one channel', 2);
  }
  return inputs;
}
