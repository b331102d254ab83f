import { describe, expect, it } from 'vitest';
import { createLogger, redact, redactText } from '../src/log.ts';
import { Secret } from '../src/secret.ts';

const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzaWQiOiJzLTEiLCJzdWIiOiJhIn0.Zm9vYmFyYmF6cXV4';

function collect(level: 'debug' | 'info' | 'warn' | 'error' | 'silent' = 'debug') {
  const lines: string[] = [];
  const log = createLogger({ level, write: (line) => lines.push(line), now: () => new Date(0) });
  return { log, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('logger', () => {
  it('writes one JSON object per line with time, level, message and fields', () => {
    const { log, lines, records } = collect();
    log.info('room created', { sessionId: 's-1', workerPid: 42 });
    expect(lines[0]?.endsWith('\n')).toBe(true);
    expect(records()).toEqual([
      { time: '1970-01-01T00:00:00.000Z', level: 'info', msg: 'room created', sessionId: 's-1', workerPid: 42 },
    ]);
  });

  it('filters by level', () => {
    const { log, records } = collect('warn');
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(records().map((record) => record['level'])).toEqual(['warn', 'error']);
    expect(log.isEnabled('info')).toBe(false);
    const silent = collect('silent');
    silent.log.error('nothing');
    expect(silent.lines).toEqual([]);
  });

  it('binds fields in children', () => {
    const { log, records } = collect();
    log.child({ sessionId: 's-1' }).child({ peerId: 'p-1' }).warn('dropped', { code: 'X' });
    expect(records()[0]).toMatchObject({ sessionId: 's-1', peerId: 'p-1', code: 'X' });
  });

  it('redacts secret-named fields at any depth, JWTs and bearer credentials anywhere', () => {
    const { log, lines } = collect();
    log.info(`verified ${JWT}`, {
      headers: { authorization: 'Bearer abc.def', cookie: 'sid=1' },
      nested: { deeper: { apiKey: 'k', tokenSecret: new Secret('s3cr3t'), password: 'p' } },
      note: `Bearer qwerty-123 then ${JWT}`,
      list: [{ accessToken: 'x' }],
      passed: true,
    });
    const text = lines.join('');
    for (const leaked of ['abc.def', 'sid=1', 's3cr3t', 'qwerty-123', 'Zm9vYmFyYmF6cXV4', '"k"', '"p"', '"x"']) {
      expect(text).not.toContain(leaked);
    }
    const record = JSON.parse(text) as Record<string, unknown>;
    expect(record['msg']).toBe('verified [redacted-jwt]');
    expect(record['note']).toBe('Bearer [redacted] then [redacted-jwt]');
    expect(record['passed']).toBe(true);
  });

  it('keeps numbers, flags and settings groups under secret-looking names readable, but never their strings', () => {
    const out = redact({
      config: {
        joinTokenTtlSeconds: 900,
        tokenIssuer: 'aircounter',
        authorization: { sweepIntervalMs: 5000, enabled: true, label: 'hidden-inside' },
        token: { value: 'raw-token', bytes: Buffer.from('raw-bytes'), list: ['a'] },
        apiKey: 12345678901234567890n,
        password: 1234,
      },
    });
    expect(out).toEqual({
      config: {
        joinTokenTtlSeconds: 900,
        tokenIssuer: 'aircounter',
        authorization: { sweepIntervalMs: 5000, enabled: true, label: '[redacted]' },
        token: { value: '[redacted]', bytes: '[redacted]', list: '[redacted]' },
        apiKey: '[redacted]',
        password: '[redacted]',
      },
    });
  });

  it('serializes errors with code, cause and a redacted stack', () => {
    const error = Object.assign(new Error(`bad token ${JWT}`, { cause: new Error('inner') }), { code: 'E_BAD' });
    const out = redact({ error });
    expect(out['error']).toMatchObject({
      name: 'Error',
      message: 'bad token [redacted-jwt]',
      code: 'E_BAD',
      cause: { message: 'inner' },
    });
    expect(JSON.stringify(out)).not.toContain('Zm9vYmFyYmF6cXV4');
  });

  it('survives cycles and deep objects', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic['self'] = cyclic;
    expect(redact({ cyclic })).toEqual({ cyclic: { name: 'a', self: '[circular]' } });
    expect(JSON.stringify(redact({ a: { b: { c: { d: { e: { f: { g: 1 } } } } } } }))).toContain('[truncated]');
    expect(redactText('plain text')).toBe('plain text');
  });
});
