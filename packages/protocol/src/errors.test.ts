import { describe, expect, it } from 'vitest';
import { AirError, ERRORS, errorCodeForCloseCode, errorMessage, isErrorCode, type ErrorCode } from './errors.ts';

const CODES = Object.keys(ERRORS) as ErrorCode[];

describe('ERRORS table', () => {
  it('gives every code its own WebSocket close code in the application range', () => {
    const closeCodes = CODES.map((code) => ERRORS[code].closeCode);
    expect(new Set(closeCodes).size).toBe(closeCodes.length);
    for (const closeCode of closeCodes) {
      expect(closeCode).toBeGreaterThanOrEqual(4000);
      expect(closeCode).toBeLessThanOrEqual(4999);
    }
  });

  it.each(CODES)('%s maps to an HTTP error status and back from its close code', (code) => {
    const { httpStatus, closeCode } = ERRORS[code];
    expect(httpStatus).toBeGreaterThanOrEqual(400);
    expect(httpStatus).toBeLessThanOrEqual(599);
    expect(errorCodeForCloseCode(closeCode)).toBe(code);
  });

  it('uses SCREAMING_SNAKE_CASE codes', () => {
    for (const code of CODES) expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
  });

  it('marks authentication failures as not recoverable without a new token', () => {
    for (const code of ['AUTH_MISSING_TOKEN', 'AUTH_INVALID_TOKEN', 'AUTH_EXPIRED_TOKEN'] as const) {
      expect(ERRORS[code].recoverable).toBe(false);
      expect(ERRORS[code].httpStatus).toBe(401);
    }
    expect(ERRORS.FORBIDDEN_ROLE.httpStatus).toBe(403);
  });

  it('knows nothing about close codes outside the table', () => {
    expect(errorCodeForCloseCode(1000)).toBeUndefined();
    expect(errorCodeForCloseCode(4999)).toBeUndefined();
  });
});

describe('isErrorCode', () => {
  it('accepts table codes only', () => {
    expect(isErrorCode('WORKER_DIED')).toBe(true);
    expect(isErrorCode('worker_died')).toBe(false);
    expect(isErrorCode('hasOwnProperty')).toBe(false);
    expect(isErrorCode(4030)).toBe(false);
  });
});

describe('AirError', () => {
  it('carries code, recoverability and a wire payload', () => {
    const error = new AirError('TRANSPORT_NOT_FOUND', 'no transport t-1');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AirError');
    expect(error.recoverable).toBe(true);
    expect(error.toPayload()).toEqual({ code: 'TRANSPORT_NOT_FOUND', message: 'no transport t-1' });
  });

  it('defaults the message to the code and keeps the cause', () => {
    const cause = new Error('worker gone');
    const error = new AirError('WORKER_DIED', undefined, { cause });
    expect(error.message).toBe('WORKER_DIED');
    expect(error.recoverable).toBe(false);
    expect(error.cause).toBe(cause);
  });
});

describe('AirError.from', () => {
  it('returns an AirError as it is', () => {
    const error = new AirError('TRANSPORT_NOT_FOUND', 'no transport t-1');
    expect(AirError.from(error, 'INTERNAL', 'consume')).toBe(error);
  });

  it('wraps anything else with the fallback code, keeping it as the cause', () => {
    const cause = new Error('spawn ENOENT');
    const error = AirError.from(cause, 'RECORDING_FAILED');
    expect(error).toBeInstanceOf(AirError);
    expect(error).toMatchObject({ code: 'RECORDING_FAILED', message: 'spawn ENOENT', recoverable: false });
    expect(error.cause).toBe(cause);
    expect(AirError.from('text thrown', 'INTERNAL').message).toBe('text thrown');
  });

  it('prefixes the context, or uses a fixed message that does not repeat the cause', () => {
    expect(AirError.from(new Error('socket closed'), 'INTERNAL', 'join').message).toBe('join: socket closed');
    const fixed = AirError.from(new Error('/var/lib/secret/path'), 'RECORDING_FAILED', { message: 'track failed' });
    expect(fixed.message).toBe('track failed');
    expect(fixed.toPayload()).toEqual({ code: 'RECORDING_FAILED', message: 'track failed' });
  });

  it('keeps the code of an error from another copy of the package', () => {
    const foreign = Object.assign(new Error('timed out'), { code: 'TIMEOUT' });
    expect(AirError.from(foreign, 'INTERNAL', 'produce')).toMatchObject({
      code: 'TIMEOUT',
      recoverable: true,
      message: 'produce: timed out',
    });
    const notOurs = Object.assign(new Error('gone'), { code: 'ENOENT' });
    expect(AirError.from(notOurs, 'INTERNAL').code).toBe('INTERNAL');
  });
});

describe('errorMessage', () => {
  it('reads an Error’s message, else the text form', () => {
    expect(errorMessage(new TypeError('bad'))).toBe('bad');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
  });
});
