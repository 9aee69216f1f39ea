import { err, ok, type Result } from '../shared/result.ts';
import { isNonEmptyString } from '../shared/validation.ts';
import { MAX_CONNECTION_ID_LENGTH } from './connection.ts';

export type ConnectionIdError = { readonly kind: 'InvalidConnectionId'; readonly message: string };

export function parseConnectionId(value: unknown): Result<string, ConnectionIdError> {
  return isNonEmptyString(value, MAX_CONNECTION_ID_LENGTH)
    ? ok(value)
    : err({ kind: 'InvalidConnectionId', message: `connectionId must be a string of 1 to ${MAX_CONNECTION_ID_LENGTH} characters` });
}
