import { AirError } from '@aircounter/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejection } from '../../../protocol/src/test-fixtures/async.ts';
import { startFakeServer, type FakeServer } from '../../test/support/fake-signaling-server.ts';
import { SignalingSocket, type Notification, type SignalingClose } from './socket.ts';

const RTP_CAPS = { rtpCapabilities: { codecs: [], headerExtensions: [] } };

describe('SignalingSocket', () => {
  let server: FakeServer;
  const sockets: SignalingSocket[] = [];

  async function open(token = 'header.payload.sig', requestTimeoutMs = 2_000): Promise<SignalingSocket> {
    const socket = await SignalingSocket.open({ url: server.url, token, requestTimeoutMs });
    sockets.push(socket);
    return socket;
  }

  beforeEach(async () => {
    server = await startFakeServer({ handlers: { getRouterRtpCapabilities: () => RTP_CAPS } });
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await server.close();
  });

  it('offers the token as the second subprotocol, never in the URL', async () => {
    const connected = server.nextConnection();
    await open('aaa.bbb.ccc');
    const connection = await connected;
    expect(connection.token).toBe('aaa.bbb.ccc');
    expect(server.url).not.toContain('aaa');
  });

  it('matches responses to requests by id and validates their data', async () => {
    const socket = await open();
    server.handlers.createTransport = (data) => {
      const { direction } = data as { direction: string };
      return {
        transportId: `t-${direction}`,
        iceParameters: { usernameFragment: 'u', password: 'p' },
        iceCandidates: [],
        dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: 'AA' }] },
      };
    };
    const [send, recv, caps] = await Promise.all([
      socket.request('createTransport', { direction: 'send' }),
      socket.request('createTransport', { direction: 'recv' }),
      socket.request('getRouterRtpCapabilities', {}),
    ]);
    expect(send.transportId).toBe('t-send');
    expect(recv.transportId).toBe('t-recv');
    expect(caps).toEqual(RTP_CAPS);
    expect(socket.pendingRequests).toBe(0);
  });

  const errorCases = [
    { name: 'a server error keeps its code', reply: new AirError('NOT_JOINED', 'join first'), code: 'NOT_JOINED' },
    { name: 'a non-recoverable code stays non-recoverable', reply: new AirError('WORKER_DIED'), code: 'WORKER_DIED' },
  ] as const;
  for (const { name, reply, code } of errorCases) {
    it(`rejects with an AirError: ${name}`, async () => {
      const socket = await open();
      server.handlers.leave = () => {
        throw reply;
      };
      const error = await rejection(socket.request('leave', {}));
      expect(error.code).toBe(code);
      expect(error.recoverable).toBe(reply.recoverable);
    });
  }

  it('rejects a response that does not match the method schema as MALFORMED_MESSAGE', async () => {
    const socket = await open();
    server.handlers.produce = () => ({ producerId: '' });
    const error = await rejection(
      socket.request('produce', {
        transportId: 't',
        kind: 'audio',
        source: 'microphone',
        rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000 }] },
      }),
    );
    expect(error.code).toBe('MALFORMED_MESSAGE');
  });

  it('times out a request the server never answers and forgets it', async () => {
    const socket = await open('t.t.t', 150);
    const error = await rejection(socket.request('pauseProducer', { producerId: 'p1' }));
    expect(error.code).toBe('TIMEOUT');
    expect(error.recoverable).toBe(true);
    expect(socket.pendingRequests).toBe(0);
  });

  it('refuses to send a message above the method size limit', async () => {
    const socket = await open();
    const error = await rejection(
      socket.request('giveConsent', { consentTextVersion: 'v1', action: 'x'.repeat(70_000), locale: 'en' }),
    );
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(server.connections[0]?.requests).toHaveLength(0);
  });

  it('delivers validated notifications and reports invalid frames without closing', async () => {
    const connected = server.nextConnection();
    const socket = await open();
    const connection = await connected;
    const notifications: Notification[] = [];
    const problems: AirError[] = [];
    socket.events.on('notification', (n) => notifications.push(n));
    socket.events.on('protocolError', (e) => problems.push(e));

    connection.sendRaw('not json');
    connection.notify('producerAdded', {
      peerId: 'p',
      producerId: 'x',
      kind: 'sound',
      source: 'camera',
      paused: false,
    });
    connection.notify('somethingFromTheFuture', { whatever: true });
    connection.notify('producerAdded', {
      peerId: 'p',
      producerId: 'x',
      kind: 'video',
      source: 'camera',
      paused: false,
    });
    await expect.poll(() => notifications.length).toBe(1);

    expect(notifications[0]).toEqual({
      method: 'producerAdded',
      data: { peerId: 'p', producerId: 'x', kind: 'video', source: 'camera', paused: false },
    });
    expect(problems.map((p) => p.code)).toEqual(['MALFORMED_MESSAGE', 'MALFORMED_MESSAGE']);
    expect(socket.closed).toBe(false);
  });

  it('maps a refusal close code to its typed error', async () => {
    server.refuseWith = () => 'AUTH_EXPIRED_TOKEN';
    // The real server accepts the handshake and closes at once, so the refusal
    // reaches either `open` or the first request, whichever comes first.
    const outcome = await SignalingSocket.open({ url: server.url, token: 'old.token.x' }).then(
      async (socket) => {
        sockets.push(socket);
        return rejection(socket.request('getRouterRtpCapabilities', {}));
      },
      (e: unknown) => e as AirError,
    );
    expect(outcome.code).toBe('AUTH_EXPIRED_TOKEN');
    expect(outcome.recoverable).toBe(false);
  });

  it('fails pending requests and reports the close when the server drops the connection', async () => {
    const connected = server.nextConnection();
    const socket = await open();
    const connection = await connected;
    const closed = socket.events.once('close');
    const pending = socket.request('pauseProducer', { producerId: 'p1' });
    await expect.poll(() => connection.requests.length).toBe(1);
    connection.socket.terminate();

    const error = await rejection(pending);
    expect(error.code).toBe('CONNECTION_LOST');
    const close: SignalingClose = await closed;
    expect(close.error?.code).toBe('CONNECTION_LOST');
    expect(close.error?.recoverable).toBe(true);
    await expect(socket.request('leave', {})).rejects.toMatchObject({ code: 'CONNECTION_LOST' });
  });

  it('reports SESSION_ENDED when the server closes with 4008', async () => {
    const connected = server.nextConnection();
    const socket = await open();
    const closed = socket.events.once('close');
    (await connected).close(4008, 'SESSION_ENDED');
    const close = await closed;
    expect(close.code).toBe(4008);
    expect(close.error?.code).toBe('SESSION_ENDED');
  });

  it('rejects with CONNECTION_LOST when nothing listens', async () => {
    const url = server.url;
    await server.close();
    server = await startFakeServer();
    const error = await rejection(SignalingSocket.open({ url, token: 'a.b.c' }));
    expect(error.code).toBe('CONNECTION_LOST');
  });

  it('closing from the client fails pending requests without an error on the close', async () => {
    const socket = await open();
    const closed = socket.events.once('close');
    const pending = socket.request('pauseProducer', { producerId: 'p1' });
    socket.close();
    expect((await rejection(pending)).code).toBe('CONNECTION_LOST');
    expect((await closed).error).toBeUndefined();
  });
});
