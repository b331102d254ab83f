import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinAs, produceCamera, transport } from './helpers/peers.ts';
import { TestSignalingClient } from './helpers/signaling-client.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

describe('a media worker that dies', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ media: { workers: 2 } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('ends its sessions with WORKER_DIED, is replaced, and the server keeps serving', async () => {
    const { workers, rooms, sessions } = server.app.services;
    const victimSession = await server.createSession();
    const agent = await joinAs(server, victimSession, 'agent', 'agent-1');
    const customer = await joinAs(server, victimSession, 'customer', 'cust-1');
    await produceCamera(customer.client, await transport(customer.client, 'send'));
    // A connected socket that has not joined yet is told as well.
    const waiting = await TestSignalingClient.open(
      server.wsUrl,
      await server.token(victimSession, 'supervisor', 'sup-1'),
    );

    const victimRoom = rooms.get(victimSession);
    const victimPid = victimRoom?.workerPid;
    expect(victimPid).toBeTypeOf('number');
    // A room on the other worker must survive.
    let bystanderSession = await server.createSession();
    let bystander = await joinAs(server, bystanderSession, 'agent', 'agent-2');
    while (rooms.get(bystanderSession)?.workerPid === victimPid) {
      await bystander.client.close();
      bystanderSession = await server.createSession();
      bystander = await joinAs(server, bystanderSession, 'agent', 'agent-2');
    }

    const replaced = once(workers, 'workerStarted');
    process.kill(victimPid ?? 0, 'SIGKILL');

    for (const client of [agent.client, customer.client, waiting]) {
      expect(await client.closed).toEqual({ code: 4030, reason: 'WORKER_DIED' });
      expect(client.notifications.at(-1)).toEqual({
        method: 'sessionEnded',
        data: { reason: 'worker-died', code: 'WORKER_DIED' },
      });
    }
    expect(victimRoom?.closed).toBe(true);
    // The store write follows the room's close.
    await expect.poll(() => sessions.get(victimSession)).toMatchObject({ status: 'ended', endReason: 'worker-died' });

    const [{ pid: newPid }] = (await replaced) as [{ pid: number }];
    expect(newPid).not.toBe(victimPid);
    expect(workers.size).toBe(2);
    expect(workers.pids).not.toContain(victimPid);
    expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);

    // The other room never noticed.
    expect(bystander.client.ws.readyState).toBe(bystander.client.ws.OPEN);
    expect((await bystander.client.request('createTransport', { direction: 'recv' })).transportId).toBeTruthy();
    // New sessions work, on any worker.
    const fresh = await server.createSession();
    const again = await joinAs(server, fresh, 'agent', 'agent-3');
    expect(again.joined.sessionId).toBe(fresh);
    await again.client.close();
    await bystander.client.close();
  });
});
