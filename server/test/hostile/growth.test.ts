import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinAs } from '../helpers/peers.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

// Loops a client (or a forgetful bank back end) can repeat must hit a limit:
// sessions nobody ends are closed after the idle timeout, and an ended
// session leaves nothing behind in the server's per-session maps.

const IDLE_S = 3;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    sessions: { idleTimeoutSeconds: IDLE_S },
    signaling: { reconnectGraceMs: 0 },
  });
});

afterAll(async () => {
  await server?.close();
});

async function ended(sessionId: string): Promise<void> {
  await expect
    .poll(() => server.app.services.sessions.get(sessionId)?.status, { timeout: 20_000, interval: 100 })
    .toBe('ended');
}

describe('idle sessions', () => {
  it('ends a session nobody joined and one everyone left, not one with someone in it; the reason is on the chain', async () => {
    const { sessions, rooms, evidence } = server.app.services;
    const occupied = await server.createSession({ reference: 'occupied' });
    const stays = await joinAs(server, occupied, 'agent', 'agent-stays');
    const everyoneLeft = await server.createSession({ reference: 'everyone-left' });
    const agent = await joinAs(server, everyoneLeft, 'agent', 'agent-1');
    const customer = await joinAs(server, everyoneLeft, 'customer', 'cust-1');
    const neverJoined = await server.createSession({ reference: 'never-joined' });
    const router = rooms.get(everyoneLeft)?.router;
    expect(router?.closed).toBe(false);
    await agent.client.request('leave', {});
    await customer.client.close();

    await ended(neverJoined);
    await ended(everyoneLeft);
    // Both idle clocks ran out; the occupied session's never started.
    expect(sessions.get(occupied)?.status).toBe('active');
    for (const id of [neverJoined, everyoneLeft]) {
      expect(sessions.get(id)?.endReason).toBe('idle-timeout');
      expect(rooms.get(id)).toBeUndefined();
      await expect.poll(() => evidence.isFinalized(id), { timeout: 20_000 }).toBe(true);
      const logged = (await evidence.readEvents(id)) ?? [];
      expect(logged.find((e) => e.type === 'session.ended')?.data).toEqual({ reason: 'idle-timeout' });
    }
    expect(router?.closed).toBe(true);
    expect(stays.client.ws.readyState).toBe(stays.client.ws.OPEN);
    await stays.client.close();
    await agent.client.close();
  });
});

describe('per-session state is released when sessions end', () => {
  it('keeps no room, connection or liveness state of ended sessions', async () => {
    const { rooms, liveness } = server.app.services;
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const id = await server.createSession({ reference: `churn-${i}` });
      ids.push(id);
      const agent = await joinAs(server, id, 'agent', 'agent');
      const customer = await joinAs(server, id, 'customer', 'cust');
      await customer.client.request('startLiveness', {});
      expect((await server.api('POST', `/api/v1/sessions/${id}/end`)).status).toBe(204);
      await agent.client.closed;
      await customer.client.closed;
    }
    await expect.poll(() => server.app.signaling.connections.length).toBe(0);
    expect(rooms.list().filter((room) => ids.includes(room.sessionId))).toEqual([]);
    expect(liveness.load).toEqual({ queued: 0, running: 0 });
    // Attempt counters and open nonces went with their sessions.
    expect(liveness.sessionsHeld).toBe(0);
    for (const id of ids) {
      expect(server.app.services.sessions.get(id)?.status).toBe('ended');
      await expect.poll(() => server.app.services.evidence.isFinalized(id), { timeout: 20_000 }).toBe(true);
    }
  });
});
