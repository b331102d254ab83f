import { describe, expect, it } from 'vitest';
import { isPackageStatus, parseSessionPage, type SessionSummary } from './auditor-api.ts';

const SUMMARY: SessionSummary = {
  sessionId: 'sess-1',
  createdAt: '2026-03-01T09:00:00.000Z',
  finalizedAt: null,
  status: 'open',
  incompleteReason: null,
  agentId: 'agent-7',
  reference: null,
};

describe('auditor API session list', () => {
  it('reads a page as the server answers it', () => {
    const page = { sessions: [SUMMARY, { ...SUMMARY, sessionId: 'sess-0', status: 'incomplete' }], nextCursor: 'x' };
    expect(parseSessionPage(page)).toEqual({ ok: true, value: page });
  });

  it.each([
    ['an unknown status', { sessions: [{ ...SUMMARY, status: 'sealed' }], nextCursor: null }, /sessions\.0\.status/],
    ['a missing cursor', { sessions: [] }, /nextCursor/],
    ['no list', { nextCursor: null }, /sessions/],
  ])('refuses %s', (_name, value, where) => {
    const parsed = parseSessionPage(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(where);
  });

  it('knows the three package statuses', () => {
    expect(['open', 'complete', 'incomplete'].every(isPackageStatus)).toBe(true);
    expect(isPackageStatus('ended')).toBe(false);
  });
});
