import { describe, expect, it } from 'vitest';
import { signalingUrlOfToken } from './token-route.ts';

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const tokenWith = (claims: Record<string, unknown>): string => `${encode({ alg: 'HS256' })}.${encode(claims)}.sig`;

describe('signalingUrlOfToken', () => {
  it('reads the node a join token names, with non-ASCII claims beside it', () => {
    const token = tokenWith({ sid: 's1', name: '王小明', srv: 'wss://node-b.kyc.bank.example/signaling' });
    expect(signalingUrlOfToken(token, 'wss://kyc.bank.example/signaling')).toBe(
      'wss://node-b.kyc.bank.example/signaling',
    );
  });

  it('gives nothing for a token without the claim, or one that cannot be read', () => {
    const configured = 'wss://kyc.bank.example/signaling';
    expect(signalingUrlOfToken(tokenWith({ sid: 's1' }), configured)).toBeUndefined();
    expect(signalingUrlOfToken('not-a-token', configured)).toBeUndefined();
    expect(signalingUrlOfToken('a.%%%.c', configured)).toBeUndefined();
    expect(signalingUrlOfToken(tokenWith({ srv: 42 }), configured)).toBeUndefined();
  });

  it('refuses anything but ws(s), and plain ws when the page uses wss', () => {
    expect(signalingUrlOfToken(tokenWith({ srv: 'https://evil.example/x' }), 'wss://kyc/signaling')).toBeUndefined();
    expect(signalingUrlOfToken(tokenWith({ srv: 'ws://node-b/signaling' }), 'wss://kyc/signaling')).toBeUndefined();
    expect(signalingUrlOfToken(tokenWith({ srv: 'ws://127.0.0.1:9/signaling' }), 'ws://127.0.0.1:8/signaling')).toBe(
      'ws://127.0.0.1:9/signaling',
    );
  });
});
