import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAirServer } from '../src/app.ts';
import { configForTests } from '../src/config.ts';
import { DataDirLockedError, LOCK_FILE, lockDirectories } from '../src/data-dir-lock.ts';
import { LocalWormStore } from '../src/evidence/local-worm-store.ts';
import { spawnMain } from './helpers/main-process.ts';

// One owner per data directory: a second server refuses to start while the
// first lives; after the first is SIGKILLed, the next one starts and seals
// what it left open.

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'aircounter-lock-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

// Three server processes start one after the other: generous on a loaded two-core machine (not a timing assertion).
describe('data directory lock', { timeout: 240_000 }, () => {
  it('a second server on the same directory exits 73; after SIGKILL of the first a new one starts and carries its sessions on', async () => {
    const env = { AIR_DATA_DIR: dataDir, AIR_RECORDING_PORT_MIN: '54200', AIR_RECORDING_PORT_MAX: '54299' };
    const first = spawnMain(env);
    const port = await first.listening;
    const base = `http://127.0.0.1:${port}`;
    const headers = { authorization: `Bearer ${first.apiKey}`, 'content-type': 'application/json' };
    const { sessionId } = (await (
      await fetch(`${base}/api/v1/sessions`, { method: 'POST', headers, body: '{}' })
    ).json()) as { sessionId: string };
    const store = new LocalWormStore(join(dataDir, 'evidence'));
    // The session's log is open (written asynchronously after the REST answer).
    while ((await store.readAll(sessionId, 'events.jsonl')) === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    const second = spawnMain(env, { apiKey: first.apiKey, tokenSecret: first.tokenSecret });
    const [code] = await second.exited;
    expect(code).toBe(73);
    expect(second.output().stderr).toContain('in use by another AirCounter server');
    expect(second.output().stderr).toContain(`pid ${first.child.pid}`);
    // The first is untouched: still serving, its package still open.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await store.isSealed(sessionId)).toBe(false);

    first.child.kill('SIGKILL');
    await first.exited;
    const third = spawnMain(env);
    const thirdBase = `http://127.0.0.1:${await third.listening}`;
    const thirdHeaders = { authorization: `Bearer ${third.apiKey}`, 'content-type': 'application/json' };
    // Sessions are durable: the killed server's session is still there, and its package stays open for it.
    const found = await fetch(`${thirdBase}/api/v1/sessions/${sessionId}`, { headers: thirdHeaders });
    expect(found.status).toBe(200);
    expect(await store.isSealed(sessionId)).toBe(false);
    // Ended by the bank, the new owner seals it, once.
    const ended = await fetch(`${thirdBase}/api/v1/sessions/${sessionId}/end`, {
      method: 'POST',
      headers: thirdHeaders,
    });
    expect(ended.status).toBe(204);
    await vi.waitFor(async () => expect(await store.isSealed(sessionId)).toBe(true), { timeout: 30_000 });
    const manifest = JSON.parse(await readFile(join(store.sessionDir(sessionId), 'manifest.json'), 'utf8')) as {
      sessionId: string;
    };
    expect(manifest.sessionId).toBe(sessionId);
    third.child.kill('SIGTERM');
    expect((await third.exited)[0]).toBe(0);
  });

  it('refuses a second server in the same process, and frees the directory on close', async () => {
    const config = configForTests();
    const app = await createAirServer(config);
    await expect(createAirServer(config)).rejects.toBeInstanceOf(DataDirLockedError);
    await app.close();
    const again = await createAirServer(config);
    await again.close();
    await rm(config.dataDir, { recursive: true, force: true });
  });

  it('takes over a lock whose process is gone, and never one on another host', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aircounter-lock-stale-'));
    const gone = spawn(process.execPath, ['-e', '']);
    await once(gone, 'exit');
    const stale = {
      pid: gone.pid,
      startTime: null,
      bootId: null,
      host: (await import('node:os')).hostname(),
      acquiredAt: new Date().toISOString(),
      nonce: 'stale',
    };
    await writeFile(join(dir, LOCK_FILE), JSON.stringify(stale));
    const lock = await lockDirectories([dir]);
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();

    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ ...stale, host: 'another-host.example', pid: 1 }));
    await expect(lockDirectories([dir])).rejects.toThrow(/another-host\.example/);
    await rm(dir, { recursive: true, force: true });
  });
});
