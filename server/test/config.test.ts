import { inspect } from 'node:util';
import { isAbsolute } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configForTests, describeConfig, loadConfig } from '../src/config.ts';

const SECRET = 'token-secret-0123456789-0123456789-abcdef';
const API_KEY = 'api-key-0123456789-0123456789';
const MINIMAL = { AIR_TOKEN_SECRET: SECRET, AIR_API_KEY: API_KEY };

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('needs only the two secrets and defaults the rest', () => {
    const config = loadConfig(MINIMAL);
    expect(config.http).toEqual({ host: '127.0.0.1', port: 8080, maxJsonBodyBytes: 16 * 1024 });
    expect(config.media).toMatchObject({
      listenIp: '127.0.0.1',
      announcedAddress: undefined,
      rtcMinPort: 40000,
      rtcMaxPort: 49999,
      enableUdp: true,
      enableTcp: true,
      videoCodecs: ['VP8', 'H264'],
    });
    expect(config.media.workers).toBeGreaterThanOrEqual(1);
    expect(config.signaling.reconnectGraceMs).toBe(15_000);
    expect(config.auth.tokenIssuer).toBe('aircounter');
    expect(config.auth.tokenSecret.reveal()).toBe(SECRET);
    expect(isAbsolute(config.dataDir)).toBe(true);
    expect(config.logLevel).toBe('info');
  });

  it('reads every kind of variable', () => {
    const config = loadConfig({
      ...MINIMAL,
      AIR_HTTP_HOST: '0.0.0.0',
      AIR_HTTP_PORT: ' 9000 ',
      AIR_LISTEN_IP: '0.0.0.0',
      AIR_ANNOUNCED_ADDRESS: 'kyc.bank.example',
      AIR_RTC_MIN_PORT: '41000',
      AIR_RTC_MAX_PORT: '41100',
      AIR_ENABLE_TCP: 'false',
      AIR_WORKERS: '3',
      AIR_VIDEO_CODECS: 'h264, vp8',
      AIR_LOG_LEVEL: 'debug',
      AIR_WORKERS_UNRELATED: 'ignored',
      AIR_RECONNECT_GRACE_MS: '',
    });
    expect(config.http.port).toBe(9000);
    expect(config.media).toMatchObject({
      listenIp: '0.0.0.0',
      announcedAddress: 'kyc.bank.example',
      rtcMinPort: 41000,
      rtcMaxPort: 41100,
      enableTcp: false,
      workers: 3,
      videoCodecs: ['H264', 'VP8'],
    });
    // Empty counts as unset.
    expect(config.signaling.reconnectGraceMs).toBe(15_000);
    expect(config.logLevel).toBe('debug');
  });

  it('lists every problem at once, naming variables and never their values', () => {
    const problems = problemsOf({
      AIR_TOKEN_SECRET: 'short-secret-value',
      AIR_HTTP_PORT: '70000',
      AIR_WORKERS: 'many',
      AIR_LOG_LEVEL: 'loud',
      AIR_VIDEO_CODECS: 'VP8,AV1',
      AIR_LISTEN_IP: 'localhost',
    });
    const text = problems.join('\n');
    for (const name of [
      'AIR_TOKEN_SECRET',
      'AIR_API_KEY',
      'AIR_HTTP_PORT',
      'AIR_WORKERS',
      'AIR_LOG_LEVEL',
      'AIR_VIDEO_CODECS',
      'AIR_LISTEN_IP',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toContain('AIR_API_KEY: is required');
    expect(text).toContain('at least 32 bytes');
    expect(text).not.toContain('short-secret-value');
    expect(text).not.toContain('70000');
  });

  it('checks settings against each other', () => {
    expect(problemsOf({ ...MINIMAL, AIR_RTC_MIN_PORT: '50000', AIR_RTC_MAX_PORT: '40000' })).toEqual([
      'AIR_RTC_MIN_PORT must not be above AIR_RTC_MAX_PORT',
    ]);
    expect(problemsOf({ ...MINIMAL, AIR_LISTEN_IP: '0.0.0.0' })[0]).toContain('AIR_ANNOUNCED_ADDRESS is required');
    expect(problemsOf({ ...MINIMAL, AIR_ENABLE_UDP: 'no', AIR_ENABLE_TCP: 'off' })).toEqual([
      'enable at least one of AIR_ENABLE_UDP, AIR_ENABLE_TCP',
    ]);
    expect(problemsOf({ AIR_TOKEN_SECRET: SECRET, AIR_API_KEY: SECRET })).toEqual([
      'AIR_TOKEN_SECRET and AIR_API_KEY must differ',
    ]);
  });

  it('never prints secrets: JSON, inspect, string and the start-up summary', () => {
    const config = loadConfig(MINIMAL);
    for (const text of [
      JSON.stringify(config),
      inspect(config, { depth: 10 }),
      `${config.auth.apiKey}`,
      JSON.stringify(describeConfig(config)),
    ]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(API_KEY);
    }
    expect(describeConfig(config)).toMatchObject({ auth: { tokenSecret: '[redacted]', apiKey: '[redacted]' } });
  });
});

describe('configForTests', () => {
  it('gives fresh secrets, an ephemeral port and takes deep overrides', () => {
    const a = configForTests();
    const b = configForTests({ signaling: { reconnectGraceMs: 10 }, media: { workers: 2 } });
    expect(a.auth.tokenSecret.reveal()).not.toBe(b.auth.tokenSecret.reveal());
    expect(a.http.port).toBe(0);
    expect(b.signaling.reconnectGraceMs).toBe(10);
    expect(b.signaling.heartbeatIntervalMs).toBe(a.signaling.heartbeatIntervalMs);
    expect(b.media.workers).toBe(2);
    expect(b.auth.apiKey.reveal().length).toBeGreaterThanOrEqual(24);
  });
});
