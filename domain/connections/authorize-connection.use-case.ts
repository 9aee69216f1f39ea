import type { Clock } from '../shared/clock.port.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { VerifyAccessToken } from '../tokens/verify-access-token.use-case.ts';
import { parseConnectionId } from './connection-id.ts';
import type { ConnectionRegistry } from './connection-registry.port.ts';

export type AuthorizeConnectionError =
  | { readonly kind: 'InvalidConnectionId'; readonly message: string }
  | { readonly kind: 'InvalidToken'; readonly message: string }
  | { readonly kind: 'UnknownConnection'; readonly message: string };

/** Action auth mode: a connection proves who it is with `{"action":"authorize","token":…}`. */
export class AuthorizeConnection {
  private readonly deps: { readonly registry: ConnectionRegistry; readonly verifyAccessToken: VerifyAccessToken; readonly clock: Clock };

  constructor(registry: ConnectionRegistry, verifyAccessToken: VerifyAccessToken, clock: Clock) {
    this.deps = { registry, verifyAccessToken, clock };
  }

  async execute(input: { readonly connectionId: unknown; readonly token: unknown }): Promise<Result<{ readonly userId: string }, AuthorizeConnectionError>> {
    const connectionId = parseConnectionId(input.connectionId);
    if (!connectionId.ok) return connectionId;
    const principal = await this.deps.verifyAccessToken.execute(input.token);
    if (!principal.ok) return principal;
    const marked = await this.deps.registry.markAuthorized(connectionId.value, principal.value.userId, this.deps.clock.now());
    if (!marked) return err({ kind: 'UnknownConnection', message: 'this connection is not registered' });
    return ok({ userId: principal.value.userId });
  }
}
