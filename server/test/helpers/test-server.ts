import { createAirServer, type AirServer, type AirServerOptions } from '../../src/app.ts';
import { configForTests, type AirConfig } from '../../src/config.ts';
import type { LiveRole } from '../../src/auth/tokens.ts';

type Overrides = Parameters<typeof configForTests>[0];

export interface TestServer {
  readonly app: AirServer;
  readonly config: AirConfig;
  readonly baseUrl: string;
  readonly wsUrl: string;
  /** REST call with the API key. */
  api(method: string, path: string, body?: unknown): Promise<Response>;
  createSession(details?: { reference?: string; agentId?: string }): Promise<string>;
  token(sessionId: string, role: LiveRole, peerId: string, displayName?: string): Promise<string>;
  close(): Promise<void>;
}

/** A real server (real mediasoup worker) on 127.0.0.1 and an ephemeral port. */
export async function startTestServer(overrides: Overrides = {}, options: AirServerOptions = {}): Promise<TestServer> {
  const config = configForTests(overrides);
  const app = await createAirServer(config, options);
  const { port } = await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  const api = (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${config.auth.apiKey.reveal()}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    app,
    config,
    baseUrl,
    wsUrl: `ws://127.0.0.1:${port}/signaling`,
    api,
    async createSession(details = {}) {
      const response = await api('POST', '/api/v1/sessions', details);
      if (response.status !== 201) throw new Error(`session not created: ${response.status}`);
      return ((await response.json()) as { sessionId: string }).sessionId;
    },
    async token(sessionId, role, peerId, displayName = `${role} ${peerId}`) {
      const response = await api('POST', `/api/v1/sessions/${sessionId}/tokens`, { role, peerId, displayName });
      if (response.status !== 200) throw new Error(`token not issued: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { token: string }).token;
    },
    close: async () => {
      await app.close();
    },
  };
}
