import * as v from 'valibot';
import { JoinResponse } from '@aircounter/protocol';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { iceFor, turnCredentials } from '../src/media/ice-servers.ts';
import { Secret } from '../src/secret.ts';

const SECRET = 'a-turn-shared-secret-of-32-bytes-or-more';
const NOW = Date.parse('2026-12-04T10:00:00Z');
const BASE = { AIR_TOKEN_SECRET: 't'.repeat(32), AIR_API_KEY: 'k'.repeat(24) };

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadConfig({ ...BASE, ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('TURN REST credentials (coturn use-auth-secret)', () => {
  it('are "<expiry>:<peer>" and base64 HMAC-SHA1 of it', () => {
    // Known answer, computed with OpenSSL:
    // printf '%s' '1796392800:c1' | openssl dgst -sha1 -hmac "$SECRET" -binary | base64
    expect(turnCredentials(new Secret(SECRET), 'c1', 4 * 3600, NOW)).toEqual({
      username: '1796392800:c1',
      credential: 'SWJHzESpvT+8yYgKYzs16QYodjQ=',
    });
  });

  it('go into the join answer with the STUN servers and the relay policy', () => {
    const config = loadConfig({
      ...BASE,
      AIR_STUN_URLS: 'stun:stun.bank.example:3478',
      AIR_TURN_URLS: 'turn:turn.bank.example:3478?transport=udp, turns:turn.bank.example:5349?transport=tcp',
      AIR_TURN_SECRET: SECRET,
      AIR_TURN_CREDENTIAL_TTL_S: '600',
      AIR_ICE_TRANSPORT_POLICY: 'relay',
    });
    const ice = iceFor(config.ice, 'c1', NOW);
    expect(ice).toEqual({
      iceServers: [
        { urls: ['stun:stun.bank.example:3478'] },
        {
          urls: ['turn:turn.bank.example:3478?transport=udp', 'turns:turn.bank.example:5349?transport=tcp'],
          username: `${NOW / 1000 + 600}:c1`,
          credential: turnCredentials(new Secret(SECRET), 'c1', 600, NOW).credential,
        },
      ],
      iceTransportPolicy: 'relay',
    });
    const answer = { sessionId: 's1', self: { peerId: 'c1', role: 'customer', displayName: 'C' }, peers: [] };
    const recording = { state: 'idle', since: NOW, consentGiven: false };
    expect(v.safeParse(JoinResponse, { ...answer, recording, ...ice }).issues).toBeUndefined();
  });

  it('are absent by default, and the settings are checked together', () => {
    expect(iceFor(loadConfig(BASE).ice, 'c1', NOW)).toEqual({});
    expect(problems({ AIR_TURN_URLS: 'turn:127.0.0.1:3478' })).toEqual([
      'AIR_TURN_URLS and AIR_TURN_SECRET go together (the credentials are derived from the secret)',
    ]);
    expect(problems({ AIR_ICE_TRANSPORT_POLICY: 'relay' })).toEqual([
      'AIR_ICE_TRANSPORT_POLICY=relay needs AIR_TURN_URLS (without TURN no media could flow)',
    ]);
    expect(problems({ AIR_TURN_URLS: 'http://turn.example', AIR_TURN_SECRET: SECRET })[0]).toMatch(
      /^AIR_TURN_URLS\.0: expected turn: or turns: URLs/,
    );
    expect(problems({ AIR_TURN_URLS: 'turn:x:1', AIR_TURN_SECRET: 'short' })[0]).toMatch(/^AIR_TURN_SECRET: /);
  });
});
