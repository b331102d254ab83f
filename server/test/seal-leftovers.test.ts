import { describe, expect, it } from 'vitest';
import { sealSessionsOnEnd } from '../src/evidence/seal-on-end.ts';
import type { EvidenceService } from '../src/evidence/evidence-service.ts';
import type { Logger } from '../src/log.ts';
import type { RoomRegistry } from '../src/media/rooms.ts';
import type { RecordingService } from '../src/recording/service.ts';
import type { SessionRegistry } from '../src/sessions.ts';
import type { EvidenceSealRepository } from '../src/store/evidence-seals-repository.ts';

// Start-up sealing of packages a killed server left open, in isolation (fakes
// stand in for the store and the evidence service on purpose: the failure is
// the point). One package whose seal fails must not stop the others or the
// server; it stays claimed by this node, which may claim it again next time.

function fakes(failing: ReadonlySet<string>) {
  const claims = new Map<string, { owner: string; state: 'sealing' | 'sealed' }>();
  const finalized: string[] = [];
  const errors: { message: string; sessionId: unknown }[] = [];
  const seals = {
    claim: async (sessionId: string, owner: string) => {
      const claim = claims.get(sessionId);
      if (claim && (claim.state === 'sealed' || claim.owner !== owner)) return false;
      claims.set(sessionId, { owner, state: 'sealing' });
      return true;
    },
    markSealed: async (sessionId: string, owner: string) => {
      if (claims.get(sessionId)?.owner === owner) claims.set(sessionId, { owner, state: 'sealed' });
    },
  };
  const evidence = {
    findUnfinalized: async () => ['a', 'b', 'c'],
    finalizeSession: async (sessionId: string) => {
      if (failing.has(sessionId)) throw new Error(`the bucket refused ${sessionId}`);
      finalized.push(sessionId);
    },
  };
  const log = {
    info: () => undefined,
    warn: () => undefined,
    error: (message: string, fields?: Record<string, unknown>) =>
      errors.push({ message, sessionId: fields?.['sessionId'] }),
  };
  const sealing = sealSessionsOnEnd({
    sessions: { get: async () => undefined, on: () => undefined } as unknown as SessionRegistry,
    seals: seals as unknown as EvidenceSealRepository,
    nodeId: 'node-1',
    rooms: { on: () => undefined } as unknown as RoomRegistry,
    recording: { finishLeftovers: async () => [] } as unknown as RecordingService,
    evidence: evidence as unknown as EvidenceService,
    log: log as unknown as Logger,
  });
  return { sealing, claims, finalized, errors, seals };
}

describe('sealing packages left open by an earlier run', () => {
  it('seals the others when one cannot be sealed, and leaves that one to the next start', async () => {
    const { sealing, claims, finalized, errors, seals } = fakes(new Set(['b']));
    await expect(sealing.sealLeftovers()).resolves.toBeUndefined();
    expect(finalized).toEqual(['a', 'c']);
    expect(errors).toEqual([
      {
        message: 'a package left open by an earlier run could not be sealed; the next start tries again',
        sessionId: 'b',
      },
    ]);
    expect(claims.get('b')).toEqual({ owner: 'node-1', state: 'sealing' });
    expect(claims.get('a')?.state).toBe('sealed');
    // The next start of this node may claim it again; another node may not.
    expect(await seals.claim('b', 'node-1')).toBe(true);
    expect(await seals.claim('b', 'node-2')).toBe(false);
  });
});
