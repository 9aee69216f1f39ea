import { isPlainObject } from './validation.ts';

/**
 * JSON.parse for text from outside, which answers `undefined` instead of throwing. JSON has no
 * `undefined`, so the answer still tells "not JSON" apart from every value JSON can hold.
 */
export function parseJsonOrUndefined(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A JSON object as a record, or `undefined` for anything else (arrays, scalars, bad JSON). */
export function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  const value = parseJsonOrUndefined(text);
  return isPlainObject(value) ? value : undefined;
}
