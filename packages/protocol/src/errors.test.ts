import { describe, expect, it } from 'vitest';
import { AirError, ERRORS, errorCodeForCloseCode, isErrorCode, type ErrorCode } from './errors.ts';

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
