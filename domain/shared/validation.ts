/** Small checks shared by the use cases' input validation. */

export function isNonEmptyString(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= maxLength;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Length in UTF-8 bytes, which is how Pusher counts its limits. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
