/** What accepting a socket hands its greeting (on AWS from `channels-connect` to `channels-handshake`, asynchronously: `$connect` cannot reply itself). */
export interface ChannelsHandshakeEvent {
  readonly connectionId: string;
  /** Set when the connection is refused: the first frame says why, then the connection is deleted. */
  readonly refusal?: { readonly code: number; readonly message: string };
}

/** Runs the greeting without waiting for it (on AWS: Lambda Invoke with InvocationType Event; local mode emulates it). */
export interface HandshakeInvoker {
  invoke(event: ChannelsHandshakeEvent): Promise<void>;
}

export function isChannelsHandshakeEvent(value: unknown): value is ChannelsHandshakeEvent {
  if (typeof value !== 'object' || value === null) return false;
  const { connectionId, refusal } = value as Record<string, unknown>;
  if (typeof connectionId !== 'string' || connectionId === '') return false;
  if (refusal === undefined) return true;
  return typeof refusal === 'object' && refusal !== null && typeof (refusal as Record<string, unknown>)['code'] === 'number' && typeof (refusal as Record<string, unknown>)['message'] === 'string';
}
