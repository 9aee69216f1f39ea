import { randomInt } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { LeaveChannels } from '../../../../domain/realtime/leave-channels.use-case.ts';
import { REALTIME_EVENTS } from '../../../../domain/realtime/realtime-events.ts';
import type { SendClientEvent } from '../../../../domain/realtime/send-client-event.use-case.ts';
import type { SignInUser } from '../../../../domain/realtime/sign-in-user.use-case.ts';
import type { SubscribeError, SubscribeToChannel } from '../../../../domain/realtime/subscribe-to-channel.use-case.ts';
import { parseJsonObject, parseJsonOrUndefined } from '../../../../domain/shared/json.ts';
import { isPlainObject } from '../../../../domain/shared/validation.ts';
import { CLOSE_CODES, sendFrame, type ClientSocket, type PusherSockets } from './pusher-sockets.ts';

export interface PusherChannelsUseCases {
  readonly subscribe: SubscribeToChannel;
  readonly leave: LeaveChannels;
  readonly signIn: SignInUser;
  readonly clientEvent: SendClientEvent;
}

export interface PusherChannelsOptions {
  readonly appKey: string;
  /** Seconds of silence before the server pings a client (announced in the handshake). */
  readonly activityTimeoutSeconds?: number;
  /** How long a pinged client has to answer before it is closed with 4201 (Pusher: 30 s). */
  readonly pongTimeoutSeconds?: number;
  readonly onError?: (error: unknown, where: string) => void;
}

/** Largest client frame accepted: a 10 KB event and its envelope. */
const MAX_FRAME_BYTES = 16 * 1024;

/**
 * The Pusher Channels protocol (version 7) at `/app/<key>`, over the realtime core: handshake,
 * subscribe/unsubscribe with signature checks, presence, client events, sign-in, ping/pong.
 */
export class PusherChannelsServer {
  private readonly useCases: PusherChannelsUseCases;
  private readonly sockets: PusherSockets;
  private readonly options: PusherChannelsOptions;
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  constructor(useCases: PusherChannelsUseCases, sockets: PusherSockets, options: PusherChannelsOptions) {
    this.useCases = useCases;
    this.sockets = sockets;
    this.options = options;
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, appKey: string): void {
    this.server.handleUpgrade(request, socket, head, (webSocket) => {
      if (appKey !== this.options.appKey) {
        sendFrame(webSocket, { event: 'pusher:error', data: { code: CLOSE_CODES.unknownApp, message: `App key ${appKey.slice(0, 64)} does not exist` } });
        webSocket.close(CLOSE_CODES.unknownApp, 'App key not found');
        return;
      }
      this.accept(webSocket);
    });
  }

  closeAll(): void {
    this.sockets.closeAll();
    this.server.close();
  }

  private get activityTimeoutSeconds(): number {
    return this.options.activityTimeoutSeconds ?? 120;
  }

  private accept(socket: WebSocket): void {
    const socketId = `${randomInt(1, 2 ** 31)}.${randomInt(1, 2 ** 31)}`;
    const client: ClientSocket = { socket, idleTimer: this.idleTimer(socketId), awaitingPong: false };
    this.sockets.add(socketId, client);
    sendFrame(socket, { event: 'pusher:connection_established', data: { socket_id: socketId, activity_timeout: this.activityTimeoutSeconds } });
    // One frame at a time per socket, in order: a subscribe is settled before the next frame is
    // read, so the subscription cap and a client event right after a subscribe see its outcome.
    let previous: Promise<void> = Promise.resolve();
    socket.on('message', (raw) => {
      clearTimeout(client.idleTimer);
      client.awaitingPong = false;
      client.idleTimer = this.idleTimer(socketId);
      previous = previous.then(() => this.handle(socketId, client, raw.toString())).catch((error: unknown) => this.options.onError?.(error, 'pusher protocol'));
    });
    socket.on('error', (error) => this.options.onError?.(error, 'pusher socket'));
    socket.on('close', () => {
      clearTimeout(client.idleTimer);
      this.sockets.delete(socketId);
      // After any frame still being handled, so a subscribe in flight cannot land after the leave.
      previous = previous.then(() => this.useCases.leave.execute({ socketId })).then(
        () => undefined,
        (error: unknown) => this.options.onError?.(error, 'pusher disconnect'),
      );
    });
  }

  /** Silence for the activity timeout earns a ping; silence after the ping closes the connection. */
  private idleTimer(socketId: string): NodeJS.Timeout {
    return setTimeout(() => {
      const client = this.sockets.get(socketId);
      if (client === undefined) return;
      if (client.awaitingPong) {
        client.socket.close(CLOSE_CODES.pongNotReceived, 'Pong reply not received');
        return;
      }
      client.awaitingPong = true;
      sendFrame(client.socket, { event: 'pusher:ping', data: {} });
      client.idleTimer = setTimeout(() => client.socket.close(CLOSE_CODES.pongNotReceived, 'Pong reply not received'), (this.options.pongTimeoutSeconds ?? 30) * 1000).unref();
    }, this.activityTimeoutSeconds * 1000).unref();
  }

  private async handle(socketId: string, client: ClientSocket, raw: string): Promise<void> {
    const frame = parseFrame(raw);
    if (frame === undefined) {
      sendFrame(client.socket, { event: 'pusher:error', data: { code: null, message: 'Messages are JSON objects with an event' } });
      return;
    }
    const data = frame.data;
    switch (frame.event) {
      case 'pusher:ping':
        sendFrame(client.socket, { event: 'pusher:pong', data: {} });
        return;
      case 'pusher:pong':
        return;
      case 'pusher:subscribe': {
        const result = await this.useCases.subscribe.execute({ socketId, channel: data['channel'], auth: data['auth'], channelData: data['channel_data'] });
        const channel = typeof data['channel'] === 'string' ? data['channel'] : undefined;
        if (result.ok) {
          sendFrame(client.socket, { event: REALTIME_EVENTS.subscriptionSucceeded, channel: result.value.channel, data: result.value.presence === undefined ? {} : { presence: result.value.presence } });
        } else {
          sendFrame(client.socket, { event: 'pusher:subscription_error', ...(channel === undefined ? {} : { channel }), data: { ...subscriptionRefusal(result.error.kind), error: result.error.message } });
        }
        return;
      }
      case 'pusher:unsubscribe':
        if (typeof data['channel'] === 'string') await this.useCases.leave.execute({ socketId, channel: data['channel'] });
        return;
      case 'pusher:signin': {
        const result = await this.useCases.signIn.execute({ socketId, auth: data['auth'], userData: data['user_data'] });
        if (!result.ok) {
          sendFrame(client.socket, { event: 'pusher:error', data: { code: CLOSE_CODES.unauthorized, message: result.error.message } });
          client.socket.close(CLOSE_CODES.unauthorized, 'Unauthorized');
          return;
        }
        sendFrame(client.socket, { event: 'pusher:signin_success', data: { user_data: result.value.userData } });
        return;
      }
      default: {
        if (!frame.event.startsWith('client-')) {
          sendFrame(client.socket, { event: 'pusher:error', data: { code: null, message: `Unsupported event ${frame.event.slice(0, 64)}` } });
          return;
        }
        const result = await this.useCases.clientEvent.execute({ socketId, channel: frame.channel, name: frame.event, data: frame.rawData });
        if (!result.ok) sendFrame(client.socket, { event: 'pusher:error', data: { code: null, message: result.error.message } });
      }
    }
  }
}

/** How pusher-js is told why a subscription failed (`pusher:subscription_error` data). */
function subscriptionRefusal(kind: SubscribeError['kind']): { type: string; status: number } {
  switch (kind) {
    case 'InvalidChannelName':
    case 'InvalidChannelData':
      return { type: 'AuthError', status: 400 };
    case 'InvalidSignature':
      return { type: 'AuthError', status: 401 };
    case 'NotSignedIn':
      return { type: 'AuthError', status: 403 };
    case 'TooManySubscriptions':
      return { type: 'LimitReached', status: 429 };
  }
}

interface Frame {
  readonly event: string;
  readonly channel?: unknown;
  /** `data` as an object, whether it came as one or as a JSON string. */
  readonly data: Record<string, unknown>;
  readonly rawData: unknown;
}

function parseFrame(raw: string): Frame | undefined {
  const message = parseJsonObject(raw);
  if (message === undefined || typeof message['event'] !== 'string') return undefined;
  // `data` comes as an object or as a JSON string; a plain string payload (client events may carry one) stays as it is.
  const data = typeof message['data'] === 'string' ? (parseJsonOrUndefined(message['data']) ?? message['data']) : message['data'];
  return { event: message['event'], channel: message['channel'], data: isPlainObject(data) ? data : {}, rawData: message['data'] };
}
