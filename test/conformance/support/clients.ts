import { randomBytes } from 'node:crypto';
import PusherJs from 'pusher-js';
import WebSocket from 'ws';
import type { ConformanceApp } from './app.ts';
import { hostAndPort, type ConformanceTarget } from './conformance-target.ts';

// pusher-js is CommonJS whose types describe an ES default export; at run time the import is the class.
const PusherClient = PusherJs as unknown as typeof PusherJs.default;
export type PusherClient = InstanceType<typeof PusherJs.default>;
export type Channel = ReturnType<PusherClient['subscribe']>;

/** Every wait in the suite ends: generous, for a loaded machine or a server across the world. */
export const WAIT_MS = 15_000;

/** This run's own channel names, so runs against a shared server (or files run at once) never meet. */
const RUN = randomBytes(4).toString('hex');
export function uniqueName(prefix: string, label: string): string {
  return `${prefix}conformance-${RUN}-${label}`;
}

/** A promise that rejects, naming what it waited for, unless `promise` settles within WAIT_MS. */
export function bounded<T>(promise: Promise<T>, what: string, timeoutMs = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${timeoutMs} ms for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Opens and closes the suite's clients: whatever a test opened is closed after its file. */
export class Clients {
  private readonly opened: { close(): void }[] = [];
  private readonly deps: { readonly target: ConformanceTarget; readonly app: ConformanceApp };

  constructor(target: ConformanceTarget, app: ConformanceApp) {
    this.deps = { target, app };
  }

  /** pusher-js (its Node build), authorizing and signing in through the app's endpoints as `userId`. */
  async pusherJs(userId: string, options: { readonly watchlist?: readonly string[] } = {}): Promise<PusherClient> {
    const { target, app } = this.deps;
    const socket = hostAndPort(target.socketUrl);
    const params = { user_id: userId, ...(options.watchlist === undefined ? {} : { watchlist: options.watchlist.join(',') }) };
    const client = new PusherClient(target.key, {
      cluster: 'conformance',
      wsHost: socket.host,
      wsPort: socket.port,
      wssPort: socket.port,
      forceTLS: socket.tls,
      enabledTransports: ['ws'],
      disableStats: true,
      channelAuthorization: { endpoint: app.channelAuthEndpoint, transport: 'ajax', params },
      userAuthentication: { endpoint: app.userAuthEndpoint, transport: 'ajax', params },
    });
    this.opened.push({ close: () => client.disconnect() });
    await bounded(
      new Promise<void>((resolve, reject) => {
        client.connection.bind('connected', () => resolve());
        client.connection.bind('failed', () => reject(new Error('pusher-js could not connect (state failed)')));
      }),
      `pusher-js (${userId}) to connect to ${target.socketUrl}`,
    );
    return client;
  }

  /** pusher-js signed in as its user, with its `#server-to-user-<id>` subscription in place. */
  async signedIn(userId: string, options: { readonly watchlist?: readonly string[] } = {}): Promise<PusherClient> {
    const client = await this.pusherJs(userId, options);
    client.signin();
    await bounded(client.user.signinDonePromise, `${userId} to sign in`);
    if (client.user.user_data === null) throw new Error(`${userId} was not signed in (no pusher:signin_success)`);
    // pusher-js subscribes to #server-to-user-<id> right after the sign-in; events sent before that land nowhere.
    const serverToUser = () => (client.user as unknown as { serverToUserChannel: { subscribed: boolean } | null }).serverToUserChannel;
    const deadline = Date.now() + WAIT_MS;
    while (serverToUser()?.subscribed !== true) {
      if (Date.now() > deadline) throw new Error(`waited ${WAIT_MS} ms for ${userId}'s #server-to-user channel subscription`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return client;
  }

  /** A raw protocol-7 socket: what pusher-js does on the wire, frame by frame. */
  async raw(options: { readonly key?: string; readonly protocol?: string } = {}): Promise<RawSocket> {
    const { target } = this.deps;
    const socket = new RawSocket(`${target.socketUrl}/app/${encodeURIComponent(options.key ?? target.key)}?protocol=${options.protocol ?? '7'}&client=js&version=8.6.0&flash=false`);
    this.opened.push({ close: () => socket.socket.close() });
    await socket.opened;
    return socket;
  }

  closeAll(): void {
    for (const client of this.opened.splice(0)) client.close();
  }
}

export interface Frame {
  readonly event: string;
  readonly channel?: string;
  /** As it came on the wire: a string for every event the protocol defines. */
  readonly data: unknown;
  readonly user_id?: string;
}

/** A `ws` socket that keeps every frame it receives and waits, bounded, for the one a test needs. */
export class RawSocket {
  readonly socket: WebSocket;
  readonly frames: Frame[] = [];
  readonly opened: Promise<void>;
  /** The close code (1005 when none came). */
  readonly closed: Promise<number>;
  private waiters: (() => void)[] = [];

  constructor(url: string) {
    this.socket = new WebSocket(url);
    // A socket the server drops mid-test must fail its test's wait, not the whole run.
    this.socket.on('error', () => undefined);
    this.socket.on('message', (raw) => {
      this.frames.push(JSON.parse(raw.toString()) as Frame);
      for (const waiter of [...this.waiters]) waiter();
    });
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('unexpected-response', (_request, response) => reject(new Error(`the WebSocket upgrade was answered with HTTP ${response.statusCode}`)));
      this.socket.once('error', reject);
    });
    this.closed = new Promise((resolve) => this.socket.on('close', (code) => resolve(code)));
  }

  send(event: string, data: unknown, channel?: string): void {
    this.socket.send(JSON.stringify({ event, data, ...(channel === undefined ? {} : { channel }) }));
  }

  /** The first frame (from the start) that matches, waiting for it to arrive. */
  frame(matches: (frame: Frame) => boolean, what: string, timeoutMs = WAIT_MS): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.find(matches);
        if (found === undefined) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        reject(new Error(`waited ${timeoutMs} ms for ${what}; received ${JSON.stringify(this.frames)}`));
      }, timeoutMs);
      this.waiters.push(check);
      check();
    });
  }

  event(event: string, channel?: string): Promise<Frame> {
    return this.frame((frame) => frame.event === event && (channel === undefined || frame.channel === channel), `${event}${channel === undefined ? '' : ` on ${channel}`}`);
  }

  /** `pusher:connection_established`'s socket id. */
  async socketId(): Promise<string> {
    return (parseData(await this.event('pusher:connection_established')) as { socket_id: string }).socket_id;
  }

  /** Subscribes with `auth` / `channel_data` (from the app's `authorizeChannel`) and waits for the answer. */
  async subscribe(channel: string, authorization: { readonly auth?: string; readonly channel_data?: string } = {}): Promise<void> {
    this.send('pusher:subscribe', { channel, ...authorization });
    await this.event('pusher_internal:subscription_succeeded', channel);
  }

  /** A ping answered: every frame this socket sent before has been read by the server. */
  async roundTrip(): Promise<void> {
    const pongs = this.frames.filter((frame) => frame.event === 'pusher:pong').length;
    this.send('pusher:ping', {});
    await this.frame(() => this.frames.filter((frame) => frame.event === 'pusher:pong').length > pongs, 'pusher:pong');
  }
}

/** A frame's `data`, decoded from the JSON string the protocol sends it as. */
export function parseData(frame: Frame): unknown {
  return typeof frame.data === 'string' ? JSON.parse(frame.data) : frame.data;
}

/** Subscribes, recording every event the channel emits, in order, under pusher-js's own names. */
export function subscribeRecording(client: PusherClient, name: string): { channel: Channel; events: { event: string; data: unknown }[]; succeeded: Promise<unknown> } {
  const channel = client.subscribe(name);
  const events: { event: string; data: unknown }[] = [];
  channel.bind_global((event: string, data: unknown) => events.push({ event, data }));
  const succeeded = bounded(
    new Promise<unknown>((resolve, reject) => {
      channel.bind('pusher:subscription_succeeded', resolve);
      channel.bind('pusher:subscription_error', (error: unknown) => reject(Object.assign(new Error(`subscription_error on ${name}: ${JSON.stringify(error)}`), { detail: error })));
    }),
    `subscription_succeeded on ${name}`,
  );
  return { channel, events, succeeded };
}

/** Subscribes and waits for `subscription_succeeded`, giving its data (presence: the members). */
export async function subscribed(client: PusherClient, name: string): Promise<{ channel: Channel; events: { event: string; data: unknown }[]; data: unknown }> {
  const recording = subscribeRecording(client, name);
  const data = await recording.succeeded;
  return { channel: recording.channel, events: recording.events, data };
}

/** The `pusher:error` frames pusher-js reports on its connection. */
export function connectionErrors(client: PusherClient): { code: number | null; message: string }[] {
  const errors: { code: number | null; message: string }[] = [];
  client.connection.bind('error', (error: { type?: string; data?: { code: number | null; message: string } }) => {
    if (error.type === 'PusherError' && error.data !== undefined) errors.push(error.data);
  });
  return errors;
}

export const eventNames = (events: readonly { event: string }[]): string[] => events.map((entry) => entry.event);
