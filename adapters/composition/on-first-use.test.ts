import { describe, expect, it } from 'vitest';
import { onFirstUse } from './on-first-use.ts';

describe('onFirstUse', () => {
  it('loads once for every caller, concurrent ones included', async () => {
    let loads = 0;
    const client = onFirstUse(async () => ({ id: (loads += 1) }));
    const [first, second] = await Promise.all([client(), client()]);
    expect(first).toBe(second);
    expect(await client()).toBe(first);
    expect(loads).toBe(1);
  });

  it('forgets a failed load, so the next call tries again', async () => {
    let tries = 0;
    const client = onFirstUse(async () => {
      tries += 1;
      if (tries === 1) throw new Error('chunk missing');
      return 'loaded';
    });
    await expect(client()).rejects.toThrow('chunk missing');
    expect(await client()).toBe('loaded');
    expect(tries).toBe(2);
  });
});
