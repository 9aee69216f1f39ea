import type { AuthorizeConnection } from '../connections/authorize-connection.use-case.ts';
import type { ConnectionRegistry } from '../connections/connection-registry.port.ts';
import type { ConnectionNotifier, DeliveryOutcome } from '../notifications/connection-notifier.port.ts';
import type { Clock } from '../shared/clock.port.ts';
import { parseJsonOrUndefined } from '../shared/json.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { isPlainObject } from '../shared/validation.ts';
import type { Reply, ReplyErrorCode } from './replies.ts';

export interface RouteMessageInput {
  readonly connectionId: string;
  readonly body: string | undefined;
}

export interface RouteOutcome {
  /** The action as the client named it, when it named one. */
  readonly action?: string;
  readonly reply: Reply;
  readonly delivery: DeliveryOutcome;
}

export type RouteMessageError = { readonly kind: 'Rejected'; readonly code: ReplyErrorCode; readonly message: string; readonly delivery: DeliveryOutcome };

type Verdict =
  | { readonly reply: Reply; readonly error?: undefined }
  | { readonly reply?: undefined; readonly error: { readonly code: ReplyErrorCode; readonly message: string } };
type Decision = Verdict & { readonly action?: string };

/**
 * How connections prove who they are. `connect`: the authorizer checked `?token=`, so routing needs
 * no token verifier (and the function no signing key). `action`: with `{"action":"authorize",…}`.
 */
export type MessageAuthorization = { readonly mode: 'connect' } | { readonly mode: 'action'; readonly authorizeConnection: AuthorizeConnection };

interface RouteMessageDeps {
  readonly notifier: ConnectionNotifier;
  readonly registry: ConnectionRegistry;
  readonly clock: Clock;
  readonly authorization: MessageAuthorization;
  /** What `test` pushes back; the words are the edge's (adapters/driving/lambda/test-action-reply.ts). */
  readonly testMessage: string;
}

/** Answers one client message; every answer, success or refusal, is pushed back to the connection. */
export class RouteMessage {
  private readonly deps: RouteMessageDeps;

  constructor(deps: RouteMessageDeps) {
    this.deps = deps;
  }

  async execute(input: RouteMessageInput): Promise<Result<RouteOutcome, RouteMessageError>> {
    const decision = await this.decide(input);
    const reply: Reply = decision.error === undefined ? decision.reply : { type: 'error', error: decision.error.code, message: decision.error.message };
    const delivery = await this.deps.notifier.send(input.connectionId, JSON.stringify(reply));
    if (delivery === 'gone') await this.deps.registry.remove(input.connectionId);
    if (decision.error !== undefined) return err({ kind: 'Rejected', ...decision.error, delivery });
    return ok({ ...(decision.action === undefined ? {} : { action: decision.action }), reply, delivery });
  }

  private async decide(input: RouteMessageInput): Promise<Decision> {
    const message = parseJsonOrUndefined(input.body);
    if (!isPlainObject(message)) {
      return { error: { code: 'bad_request', message: 'messages are JSON objects such as {"action":"ping"}' } };
    }
    const action = message['action'];
    if (typeof action !== 'string' || action.length === 0) {
      return { error: { code: 'bad_request', message: 'the message has no "action" string' } };
    }
    if (action === 'authorize') {
      const verdict = await this.authorize(input.connectionId, message['token']);
      return { ...verdict, action };
    }
    if (this.deps.authorization.mode === 'action' && !(await this.isAuthorized(input.connectionId))) {
      return { action, error: { code: 'unauthorized', message: 'send {"action":"authorize","token":"…"} first' } };
    }
    switch (action) {
      case 'ping':
        return { action, reply: { type: 'pong' } };
      case 'test':
        return { action, reply: { message: this.deps.testMessage } };
      default:
        return { action, error: { code: 'not_implemented', message: `the action ${JSON.stringify(action.slice(0, 100))} is not implemented` } };
    }
  }

  private async authorize(connectionId: string, token: unknown): Promise<Verdict> {
    if (this.deps.authorization.mode === 'connect') {
      return { error: { code: 'bad_request', message: 'this API authorizes connections when they connect (?token=)' } };
    }
    const result = await this.deps.authorization.authorizeConnection.execute({ connectionId, token });
    if (result.ok) return { reply: { type: 'authorized', userId: result.value.userId } };
    switch (result.error.kind) {
      case 'InvalidToken':
        return { error: { code: 'invalid_token', message: result.error.message } };
      case 'InvalidConnectionId':
      case 'UnknownConnection':
        return { error: { code: 'unauthorized', message: result.error.message } };
    }
  }

  private async isAuthorized(connectionId: string): Promise<boolean> {
    const connection = await this.deps.registry.find(connectionId, this.deps.clock.now());
    return connection?.userId !== undefined;
  }
}
