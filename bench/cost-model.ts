// A month of pushgate's channels on AWS, from the calls each operation makes (operation-counts.ts,
// as bench/channel-fan-out.ts measures them) and a dated price table; beside it, the Pusher
// Channels plan that would carry the same load. Pure arithmetic: bench/cost.ts prints it.
import { disconnectCalls, SOCKET_OPERATIONS, sum, times, triggerCalls, type OperationCalls } from './operation-counts.ts';

/**
 * List prices, us-east-1, as published in 2025: RECHECK before quoting. From
 * ../shared/reference/channels-on-aws.md ("Cost") unless marked otherwise; free tiers not applied.
 */
export const PRICES = {
  asOf: '2025 list prices (us-east-1); recheck before quoting',
  /** Per million messages, sent or received, each up to 32 KB. */
  websocketMessagesPerMillion: 1.0,
  websocketConnectionMinutesPerMillion: 0.25,
  httpApiRequestsPerMillion: 1.0,
  lambdaRequestsPerMillion: 0.2,
  /** arm64, as the functions are built (infrastructure/components/pushgate-function.ts); not in the reference, which gives x86's $0.0000166667. */
  lambdaArmGbSecond: 0.0000133334,
  dynamoDbWriteUnitsPerMillion: 0.625,
  dynamoDbReadUnitsPerMillion: 0.125,
  sqsRequestsPerMillion: 0.4,
  /** CloudFront, US & Europe, first 10 TB: not in the reference; AWS's CloudFront price list. */
  cloudFrontHttpsRequestsPerMillion: 1.0,
  cloudFrontFunctionInvocationsPerMillion: 0.1,
  cloudFrontDataOutPerGb: 0.085,
  cloudFrontDataToOriginPerGb: 0.02,
} as const;

export interface PusherPlan {
  readonly name: string;
  readonly monthlyUsd: number;
  readonly connections: number;
  readonly messagesPerDay: number;
}

/**
 * Pusher Channels' plans (the reference file's; recheck on pusher.com). Startup's message limit is
 * not in the reference: 1 M a day is pusher.com's figure as last seen. Pusher counts API requests
 * plus deliveries as messages. Larger plans exist and are not listed here.
 */
export const PUSHER_PLANS: readonly PusherPlan[] = [
  { name: 'Sandbox', monthlyUsd: 0, connections: 100, messagesPerDay: 200_000 },
  { name: 'Startup', monthlyUsd: 49, connections: 500, messagesPerDay: 1_000_000 },
  { name: 'Pro', monthlyUsd: 99, connections: 2_000, messagesPerDay: 4_000_000 },
  { name: 'Business', monthlyUsd: 299, connections: 5_000, messagesPerDay: 10_000_000 },
];

/** AWS bills a month as 730 hours. */
export const HOURS_PER_MONTH = 730;
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
/** API Gateway ends every connection after 2 h: pusher-js reconnects and subscribes again. */
export const RECONNECTS_PER_DAY = 24 / 2;
/** Bytes a control frame (greeting, subscription_succeeded, pong, a client's ping or subscribe) is taken to weigh. */
export const CONTROL_FRAME_BYTES = 100;
/** WebSocket framing and TLS record overhead on every frame CloudFront carries. */
export const FRAME_OVERHEAD_BYTES = 30;
/**
 * Requests Lambda's SQS pollers make on an empty queue (an estimate, not measured: AWS does not
 * publish the poller count; taken as 5 pollers each long-polling 20 s), for each of the stack's three
 * consumed queues (notify-user, notify-connection, channel-fan-out).
 */
export const IDLE_SQS_POLLERS = 5;
export const CONSUMED_QUEUES = 3;
const LONG_POLL_SECONDS = 20;

export interface CostInputs {
  /** Connections held all month (pusher-js clients online). */
  readonly connections: number;
  /** Messages clients receive from triggers, all channels together. */
  readonly deliveriesPerDay: number;
  /** Share of each connection's time spent silent long enough to ping; undefined: from the delivery rate. */
  readonly idleFraction?: number | undefined;
  readonly channelsPerConnection: number;
  readonly subscribersPerTrigger: number;
  /** A delivery's frame, as the client receives it. */
  readonly messageBytes: number;
  /** Seconds of silence before pusher-js pings. */
  readonly activityTimeoutSeconds: number;
  readonly lambdaMemoryMb: number;
}

/**
 * Pings a connection sends a day. Given an idle fraction: that share of the day's activity-timeout
 * windows end in a ping. Without one, deliveries are taken to arrive at random (Poisson) at the
 * average rate: a silence of `timeout` seconds ends each cycle with probability e^(−λ·timeout), and a
 * cycle lasts (1 − e^(−λ·timeout)) / λ on average.
 */
export function pingsPerConnectionPerDay(inputs: Pick<CostInputs, 'connections' | 'deliveriesPerDay' | 'idleFraction' | 'activityTimeoutSeconds'>): number {
  const windows = 86_400 / inputs.activityTimeoutSeconds;
  if (inputs.idleFraction !== undefined) return inputs.idleFraction * windows;
  const perSecond = inputs.deliveriesPerDay / inputs.connections / 86_400;
  if (perSecond === 0) return windows;
  const silence = Math.exp(-perSecond * inputs.activityTimeoutSeconds);
  return (86_400 * perSecond * silence) / (1 - silence);
}

export interface MonthlyUsage {
  readonly calls: OperationCalls;
  /** Frames to clients that are deliveries (the rest are control frames). */
  readonly deliveries: number;
  readonly connectionMinutes: number;
  readonly connects: number;
  readonly triggers: number;
  readonly pingsPerConnectionPerDay: number;
  readonly idleSqsRequests: number;
}

export function monthlyUsage(inputs: CostInputs): MonthlyUsage {
  const channels = inputs.channelsPerConnection;
  const connectsPerDay = inputs.connections * RECONNECTS_PER_DAY;
  const triggersPerDay = inputs.deliveriesPerDay / inputs.subscribersPerTrigger;
  const pings = pingsPerConnectionPerDay(inputs);
  const perDay = sum(
    times(sum(SOCKET_OPERATIONS.connect, times(SOCKET_OPERATIONS.subscribe, channels), disconnectCalls(channels)), connectsPerDay),
    times(SOCKET_OPERATIONS.ping, inputs.connections * pings),
    times(triggerCalls(inputs.subscribersPerTrigger), triggersPerDay),
  );
  return {
    calls: times(perDay, DAYS_PER_MONTH),
    deliveries: inputs.deliveriesPerDay * DAYS_PER_MONTH,
    connectionMinutes: inputs.connections * HOURS_PER_MONTH * 60,
    connects: connectsPerDay * DAYS_PER_MONTH,
    triggers: triggersPerDay * DAYS_PER_MONTH,
    pingsPerConnectionPerDay: pings,
    idleSqsRequests: IDLE_SQS_POLLERS * CONSUMED_QUEUES * ((HOURS_PER_MONTH * 3600) / LONG_POLL_SECONDS),
  };
}

export interface BillLine {
  readonly service: string;
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly usd: number;
}

const GB = 1024 ** 3;

export function monthlyBill(inputs: CostInputs, usage: MonthlyUsage = monthlyUsage(inputs)): BillLine[] {
  const { calls } = usage;
  const perMillion = (quantity: number, price: number) => (quantity / 1e6) * price;
  const gbSeconds = (calls.lambdaMs / 1000) * (inputs.lambdaMemoryMb / 1024);
  const controlFramesOut = calls.framesOut - usage.deliveries;
  const bytesOut = usage.deliveries * (inputs.messageBytes + FRAME_OVERHEAD_BYTES) + controlFramesOut * (CONTROL_FRAME_BYTES + FRAME_OVERHEAD_BYTES);
  const bytesIn = calls.framesIn * (CONTROL_FRAME_BYTES + FRAME_OVERHEAD_BYTES);
  return [
    { service: 'API Gateway WebSocket', item: 'messages (sent + received, 32 KB units)', quantity: calls.framesIn + calls.framesOut, unit: 'messages', usd: perMillion(calls.framesIn + calls.framesOut, PRICES.websocketMessagesPerMillion) },
    { service: 'API Gateway WebSocket', item: 'connection-minutes', quantity: usage.connectionMinutes, unit: 'minutes', usd: perMillion(usage.connectionMinutes, PRICES.websocketConnectionMinutesPerMillion) },
    { service: 'API Gateway HTTP API', item: 'requests (triggers)', quantity: calls.httpRequests, unit: 'requests', usd: perMillion(calls.httpRequests, PRICES.httpApiRequestsPerMillion) },
    { service: 'Lambda', item: 'requests', quantity: calls.lambdaInvocations, unit: 'requests', usd: perMillion(calls.lambdaInvocations, PRICES.lambdaRequestsPerMillion) },
    { service: 'Lambda', item: `compute (arm64, ${inputs.lambdaMemoryMb} MB; time estimated)`, quantity: gbSeconds, unit: 'GB-s', usd: gbSeconds * PRICES.lambdaArmGbSecond },
    { service: 'DynamoDB on-demand', item: 'read request units', quantity: calls.readUnits, unit: 'RRU', usd: perMillion(calls.readUnits, PRICES.dynamoDbReadUnitsPerMillion) },
    { service: 'DynamoDB on-demand', item: 'write request units', quantity: calls.writeUnits, unit: 'WRU', usd: perMillion(calls.writeUnits, PRICES.dynamoDbWriteUnitsPerMillion) },
    { service: 'SQS', item: 'requests (large channels: send, receive, delete)', quantity: calls.sqsRequests, unit: 'requests', usd: perMillion(calls.sqsRequests, PRICES.sqsRequestsPerMillion) },
    { service: 'SQS', item: `idle polling (estimate: ${IDLE_SQS_POLLERS} pollers × ${CONSUMED_QUEUES} queues)`, quantity: usage.idleSqsRequests, unit: 'requests', usd: perMillion(usage.idleSqsRequests, PRICES.sqsRequestsPerMillion) },
    { service: 'CloudFront', item: 'requests (one per connect)', quantity: usage.connects, unit: 'requests', usd: perMillion(usage.connects, PRICES.cloudFrontHttpsRequestsPerMillion) },
    { service: 'CloudFront', item: 'function invocations (one per connect)', quantity: usage.connects, unit: 'invocations', usd: perMillion(usage.connects, PRICES.cloudFrontFunctionInvocationsPerMillion) },
    { service: 'CloudFront', item: 'data out to clients', quantity: bytesOut / GB, unit: 'GB', usd: (bytesOut / GB) * PRICES.cloudFrontDataOutPerGb },
    { service: 'CloudFront', item: 'data to the origin (client frames)', quantity: bytesIn / GB, unit: 'GB', usd: (bytesIn / GB) * PRICES.cloudFrontDataToOriginPerGb },
  ];
}

export function totalUsd(lines: readonly BillLine[]): number {
  return lines.reduce((total, line) => total + line.usd, 0);
}

/** What Pusher would count a day: each trigger (an API request) and each delivery. */
export function pusherMessagesPerDay(inputs: Pick<CostInputs, 'deliveriesPerDay' | 'subscribersPerTrigger'>): number {
  return inputs.deliveriesPerDay / inputs.subscribersPerTrigger + inputs.deliveriesPerDay;
}

/** The cheapest listed plan that takes the connections and the messages; undefined when none does. */
export function pusherPlanFor(connections: number, messagesPerDay: number): PusherPlan | undefined {
  return PUSHER_PLANS.find((plan) => plan.connections >= connections && plan.messagesPerDay >= messagesPerDay);
}
