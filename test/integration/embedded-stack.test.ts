// `npm start` end to end: the launcher brings up dev server, emulator, worker and API and prints one ready line;
// the example releases run through the API as the README shows (the good one approved to Succeeded, the bad one
// rolled back on its own); Ctrl-C stops everything; a restart on the same data folder keeps the rollouts.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from '../support/wait';

const ROOT = resolve(__dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'rollout-service-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Ready {
  apiUrl: string;
  tokens: Record<'viewer' | 'releaseManager' | 'releaseManager2' | 'sre' | 'admin', string>;
  emulator: { endpoints: { name: string }[] };
}

function launch(): { child: ChildProcess; ready: Promise<Ready>; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'embedded/main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ROLLOUT_DATA_DIR: dataDir,
      API_PORT: '0',
      TEMPORAL_PORT: '0',
      TEMPORAL_UI_PORT: '0',
      TEMPORAL_ADDRESS: '',
      AZURE_SUBSCRIPTION_ID: '',
      API_TOKENS: '',
    },
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const ready = new Promise<Ready>((resolveReady, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('rollout-service ready '));
      if (line) resolveReady(JSON.parse(line.slice('rollout-service ready '.length)));
    });
    child.once('exit', (code) => reject(new Error(`launcher exited (${code}) before ready: ${err}`)));
  });
  return { child, ready, stderr: () => err };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGINT');
  return exited;
}

async function api(
  ready: Ready,
  method: string,
  path: string,
  role: keyof Ready['tokens'],
  body?: string,
  type = 'application/json',
) {
  const response = await fetch(`${ready.apiUrl}${path}`, {
    method,
    body,
    headers: { authorization: `Bearer ${ready.tokens[role]}`, ...(body ? { 'content-type': type } : {}) },
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function until(ready: Ready, states: string[], timeoutMs: number) {
  let last: any;
  const probe = async () => {
    last = (await api(ready, 'GET', '/rollouts/heart-ep', 'viewer')).body;
    return states.includes(last.state) ? last : undefined;
  };
  return waitFor(() => `${states} (still ${last?.state}, ${JSON.stringify(last?.outcome)})`, probe, timeoutMs, 1_000);
}

const example = (name: string) => readFileSync(join(ROOT, 'examples', name), 'utf8');

describe('the embedded stack (npm start)', () => {
  it('runs the examples through the API, stops on Ctrl-C and keeps the rollouts across a restart', async () => {
    const first = launch();
    let ready: Ready;
    try {
      ready = await first.ready;
      expect(Object.keys(ready.tokens).sort()).toEqual(['admin', 'releaseManager', 'releaseManager2', 'sre', 'viewer']);
      expect(ready.emulator.endpoints.map((e) => e.name)).toContain('heart-ep');

      const good = await api(
        ready,
        'POST',
        '/rollouts',
        'releaseManager',
        example('good-release.yaml'),
        'application/yaml',
      );
      expect(good.status).toBe(201);
      // Each gated stage waits the accelerated clock's lag (20 s at the 5 s grain) before its final verdict.
      const waiting = await until(ready, ['AwaitingApproval', 'RolledBack', 'Failed'], 180_000);
      expect(waiting.state).toBe('AwaitingApproval');
      const approved = await api(
        ready,
        'POST',
        '/rollouts/heart-ep/approve',
        'releaseManager2',
        JSON.stringify({ gate: 'go-to-half', comment: 'ok' }),
      );
      expect(approved.status).toBe(200);
      const done = await until(ready, ['Succeeded', 'RolledBack', 'Failed'], 210_000);
      // The reason and the last gate are in the comparison so that a failure shows why the release ended otherwise.
      expect({ state: done.state, reason: done.outcome?.reason, lastGate: done.gates.at(-1) }).toEqual({
        state: 'Succeeded',
        reason: expect.any(String),
        lastGate: expect.objectContaining({ verdict: expect.objectContaining({ kind: 'pass' }) }),
      });
      expect(done.traffic[done.candidate]).toBe(100);

      const bad = await api(
        ready,
        'POST',
        '/rollouts',
        'releaseManager',
        example('bad-release.yaml'),
        'application/yaml',
      );
      expect(bad.status).toBe(201);
      expect(bad.body).toMatchObject({ baseline: done.candidate, candidate: done.baseline });
      const rolledBack = await until(ready, ['Succeeded', 'RolledBack', 'Failed'], 210_000);
      expect(rolledBack.state).toBe('RolledBack');
      expect(rolledBack.traffic).toEqual({ [done.candidate]: 100 });
    } finally {
      expect(await stop(first.child)).toBe(0);
    }
    expect(first.stderr()).toContain('rollout-service stopped');
    await expect(fetch(`${ready!.apiUrl}/healthz`)).rejects.toThrow();

    const second = launch();
    try {
      const again = await second.ready;
      expect(again.tokens).toEqual(ready!.tokens);
      const list = await api(again, 'GET', '/rollouts?endpoint=heart-ep', 'viewer');
      expect(list.body.items.map((r: { state: string }) => r.state)).toEqual(['RolledBack', 'Succeeded']);
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
  }, 720_000);
});
