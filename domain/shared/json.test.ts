import { describe, expect, it } from 'vitest';
import { parseJsonObject, parseJsonOrUndefined } from './json.ts';

describe('parseJsonOrUndefined', () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    ['[1,2]', [1, 2]],
    ['null', null],
    ['"text"', 'text'],
    ['0', 0],
  ])('parses %s', (text, value) => {
    expect(parseJsonOrUndefined(text)).toEqual(value);
  });

  it.each([[undefined], [''], ['{'], ['text'], ['{"a":1} trailing'], ['undefined']])('answers undefined for %j instead of throwing', (text) => {
    expect(parseJsonOrUndefined(text)).toBeUndefined();
  });
});

describe('parseJsonObject', () => {
  it('returns an object as a record', () => {
    expect(parseJsonObject('{"a":{"b":[1]}}')).toEqual({ a: { b: [1] } });
  });

  it.each([['[]'], ['null'], ['1'], ['"{}"'], ['{'], [undefined]])('answers undefined for %j', (text) => {
    expect(parseJsonObject(text)).toBeUndefined();
  });
});
