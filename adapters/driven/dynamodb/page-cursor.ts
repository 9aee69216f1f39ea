import { parseJsonObject } from '../../../domain/shared/json.ts';

/** DynamoDB's LastEvaluatedKey as an opaque string a caller can hand back. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key === undefined ? undefined : Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  const key = parseJsonObject(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (key === undefined) throw new TypeError('malformed registry cursor');
  return key;
}
