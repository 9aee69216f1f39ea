import type { Clock } from '../shared/clock.port.ts';
import { ok, type Result } from '../shared/result.ts';
import { CONNECTION_TTL_MS, type Connection } from './connection.ts';
import { parseConnectionId, type ConnectionIdError } from './connection-id.ts';
import type { ConnectionRegistry } from './connection-registry.port.ts';

export interface RegisterConnectionInput {
  readonly connectionId: unknown;
  /** Known at `$connect` when the authorizer ran; absent in action auth mode. */
  readonly userId?: string | undefined;
}

/** Records a new connection (never posts to it: API Gateway has not opened it yet). */
export class RegisterConnection {
  private readonly deps: { readonly registry: ConnectionRegistry; readonly clock: Clock };

  constructor(registry: ConnectionRegistry, clock: Clock) {
    this.deps = { registry, clock };
  }

  async execute(input: RegisterConnectionInput): Promise<Result<Connection, ConnectionIdError>> {
    const connectionId = parseConnectionId(input.connectionId);
    if (!connectionId.ok) return connectionId;
    const now = this.deps.clock.now();
    const connection: Connection = {
      connectionId: connectionId.value,
      ...(input.userId === undefined ? {} : { userId: input.userId }),
      connectedAt: now,
      expiresAt: now + CONNECTION_TTL_MS,
    };
    await this.deps.registry.save(connection);
    return ok(connection);
  }
}
