import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.ts';
import { HANDLERS, type HandlerTable } from '../src/signaling/handlers/index.ts';
import { joinAs } from './helpers/peers.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

describe('handler registry', () => {
  let server: TestServer;
  const lines: string[] = [];

  beforeAll(async () => {
    // A table as other parts of the server extend it: recording's giveConsent is
    // not there, stopRecording throws a plain Error, startRecording breaks its contract.
    const handlers: HandlerTable = {
      ...Object.fromEntries(Object.entries(HANDLERS).filter(([method]) => method !== 'giveConsent')),
      stopRecording: () => {
        throw new Error('disk /var/secret-path full; token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl');
      },
      startRecording: () => ({ state: 'flying', since: 0, consentGiven: true }) as never,
    };
    const log = createLogger({ level: 'debug', write: (line) => lines.push(line) });
    server = await startTestServer({}, { handlers, log });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers INTERNAL "not available" for a protocol method without a handler', async () => {
    const sessionId = await server.createSession();
    const { client } = await joinAs(server, sessionId, 'customer', 'cust-1');
    const error = await client
      .request('giveConsent', { consentTextVersion: 'v1', action: 'button:accept', locale: 'en' })
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    expect(String(error)).toContain('INTERNAL: giveConsent is not available on this server');
    expect((await client.request('createTransport', { direction: 'send' })).transportId).toBeTruthy();
    await client.close();
  });

  it('hides internal failures from the client, logs them redacted, and keeps the connection', async () => {
    const sessionId = await server.createSession();
    const { client } = await joinAs(server, sessionId, 'agent', 'agent-1');
    const thrown = await client.request('stopRecording', {}).then(
      () => undefined,
      (reason: unknown) => String(reason),
    );
    expect(thrown).toBe('Error: INTERNAL: stopRecording failed on the server');
    const invalid = await client.request('startRecording', {}).then(
      () => undefined,
      (reason: unknown) => String(reason),
    );
    expect(invalid).toBe('Error: INTERNAL: startRecording failed on the server');
    expect((await client.request('createTransport', { direction: 'recv' })).transportId).toBeTruthy();

    const failures = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((r) => r['level'] === 'error');
    expect(failures.map((record) => record['msg'])).toEqual(['request failed', 'handler returned an invalid response']);
    expect(failures[0]).toMatchObject({ method: 'stopRecording', sessionId, peerId: 'agent-1', role: 'agent' });
    const text = lines.join('\n');
    expect(text).toContain('disk /var/secret-path full');
    expect(text).not.toContain('eyJzdWIiOiJhIn0');
    await client.close();
  });

  it('never logs a join token', async () => {
    const sessionId = await server.createSession();
    const { client, token } = await joinAs(server, sessionId, 'customer', 'cust-2');
    await client.close();
    expect(lines.join('\n')).not.toContain(token.split('.')[2]);
  });
});
