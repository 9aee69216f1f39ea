import { describe, expect, it } from 'vitest';
import { lambdaApplicationLogLevel } from './pushgate-function.ts';

describe('lambdaApplicationLogLevel', () => {
  it('lets DEBUG through when the stack logs at DEBUG, and never filters above INFO (metrics are INFO lines)', () => {
    expect(lambdaApplicationLogLevel('DEBUG')).toBe('DEBUG');
    for (const level of ['INFO', 'WARN', 'ERROR'] as const) expect(lambdaApplicationLogLevel(level)).toBe('INFO');
  });
});
