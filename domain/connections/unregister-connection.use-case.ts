import { ok, type Result } from '../shared/result.ts';
import { parseConnectionId, type ConnectionIdError } from './connection-id.ts';
import type { ConnectionRegistry } from './connection-registry.port.ts';

/** Forgets a closed connection; forgetting one already gone is fine. */
export class UnregisterConnection {
  private readonly registry: ConnectionRegistry;

  constructor(registry: ConnectionRegistry) {
    this.registry = registry;
  }

  async execute(input: { readonly connectionId: unknown }): Promise<Result<void, ConnectionIdError>> {
    const connectionId = parseConnectionId(input.connectionId);
    if (!connectionId.ok) return connectionId;
    await this.registry.remove(connectionId.value);
    return ok(undefined);
  }
}
