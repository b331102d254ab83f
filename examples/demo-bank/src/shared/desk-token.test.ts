import { describe, expect, it } from 'vitest';
import { cachedDeskToken, type IssuedDeskToken } from './desk-token.ts';

describe('cachedDeskToken', () => {
  it('reuses a token until a minute before it expires, and asks once for calls that wait together', async () => {
    let clock = 0;
    let issued = 0;
    const issue = async (): Promise<IssuedDeskToken> => {
      issued += 1;
      await Promise.resolve();
      return { token: `t${issued}`, expiresAt: clock + 120_000 };
    };
    const token = cachedDeskToken(issue, () => clock);
    expect(await Promise.all([token(), token(), token()])).toEqual(['t1', 't1', 't1']);
    clock = 59_000;
    expect(await token()).toBe('t1');
    clock = 61_000;
    expect(await token()).toBe('t2');
    expect(issued).toBe(2);
  });

  it('asks again after a refusal', async () => {
    let fail = true;
    const token = cachedDeskToken(async () => {
      if (fail) throw new Error('refused');
      return { token: 'ok', expiresAt: Date.now() + 3_600_000 };
    });
    await expect(token()).rejects.toThrow('refused');
    fail = false;
    expect(await token()).toBe('ok');
  });
});
