import { describe, expect, it } from 'vitest';
import { METHODS, parseRequest } from './index.ts';

describe('protocol smoke', () => {
  it('parses a createTransport request', () => {
    expect(parseRequest('createTransport', { direction: 'send' })).toEqual({ direction: 'send' });
    expect(Object.keys(METHODS)).toContain('join');
  });
});
