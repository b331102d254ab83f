import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditorRequest } from '../src/auth/auditor.ts';
import { createLogger } from '../src/log.ts';
import { joinAs } from './helpers/peers.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

describe('room placement and creation', () => {
  let server: TestServer;
  const lines: string[] = [];

  beforeAll(async () => {
    const log = createLogger({ level: 'error', write: (line) => lines.push(line) });
    server = await startTestServer({ media: { workers: 2 } }, { log });
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates one room per session even under concurrent joins', async () => {
    const { rooms } = server.app.services;
    const sessionId = await server.createSession();
    const created: unknown[] = [];
    const onCreated = (room: unknown): void => void created.push(room);
    rooms.on('roomCreated', onCreated);
    const results = await Promise.all(Array.from({ length: 5 }, () => rooms.getOrCreate(sessionId)));
    rooms.off('roomCreated', onCreated);
    expect(new Set(results).size).toBe(1);
    expect(created).toEqual([results[0]]);
  });

  it('places each new room on a worker with the fewest rooms', async () => {
    const { rooms, workers } = server.app.services;
    const load = (pid: number): number => rooms.list().filter((room) => room.workerPid === pid).length;
    const placed = new Set<number>();
    for (let i = 0; i < 4; i++) {
      const fewest = Math.min(...workers.pids.map(load));
      const room = await rooms.getOrCreate(await server.createSession());
      expect(load(room.workerPid) - 1).toBe(fewest);
      placed.add(room.workerPid);
    }
    expect(placed.size).toBe(2);
  });

  it('refuses rooms for unknown and ended sessions', async () => {
    const { rooms, sessions } = server.app.services;
    await expect(rooms.getOrCreate('no-such-session')).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    const sessionId = await server.createSession();
    const creating = rooms.getOrCreate(sessionId);
    expect(await sessions.end(sessionId, 'ended')).toBe(true);
    await expect(creating).rejects.toMatchObject({ code: 'SESSION_ENDED' });
    expect(rooms.get(sessionId)).toBeUndefined();
    await expect(rooms.getOrCreate(sessionId)).rejects.toMatchObject({ code: 'SESSION_ENDED' });
  });

  it('keeps a room working when a subscriber throws, and logs the failure', async () => {
    const sessionId = await server.createSession();
    const room = await server.app.services.rooms.getOrCreate(sessionId);
    room.on('peerJoined', () => {
      throw new Error('subscriber bug');
    });
    const agent = await joinAs(server, sessionId, 'agent', 'agent-1');
    expect(agent.joined.self.peerId).toBe('agent-1');
    expect(room.peers.has('agent-1')).toBe(true);
    expect(lines.some((line) => line.includes('room event listener failed') && line.includes('subscriber bug'))).toBe(
      true,
    );
    await agent.client.close();
  });

  it('authenticates evidence requests with auditor tokens only', async () => {
    const { tokens } = server.app.services;
    const auditor = await tokens.issueAuditorToken({ auditorId: 'aud-9', displayName: 'A', ttlSeconds: 60 });
    await expect(verifyAuditorRequest({ authorization: `Bearer ${auditor.token}` }, tokens)).resolves.toMatchObject({
      auditorId: 'aud-9',
    });
    await expect(verifyAuditorRequest({}, tokens)).rejects.toMatchObject({ code: 'AUTH_MISSING_TOKEN' });
    await expect(
      verifyAuditorRequest({ authorization: `Bearer ${server.config.auth.apiKey.reveal()}` }, tokens),
    ).rejects.toMatchObject({ code: 'AUTH_INVALID_TOKEN' });
  });
});
