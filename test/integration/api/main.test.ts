// api/main.ts as a process: configuration from the environment, listening, ready line, clean stop; bad
// configuration exits 1 naming every problem.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { waitFor } from '../../support/wait';

const ROOT = resolve(__dirname, '..', '..', '..');

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, exited, out: () => out, err: () => err };
}

describe('api/main.ts', () => {
  it('listens, answers readiness against Temporal and stops on SIGTERM', async () => {
    const api = run({ API_PORT: '0', TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!, LOG_LEVEL: 'silent' });
    await waitFor('the ready line', () => (/api ready /.test(api.out()) ? true : undefined), 30_000, 200);
    const { url } = JSON.parse(api.out().split('api ready ')[1].split('\n')[0]);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await fetch(`${url}/rollouts`)).status).toBe(401);
    api.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
  });

  it('exits 1 listing every configuration problem', async () => {
    const api = run({ API_PORT: 'eighty', ALERT_WEBHOOK_SECRET: 'short' });
    expect(await api.exited).toBe(1);
    expect(api.err()).toMatch(/API_PORT/);
    expect(api.err()).toMatch(/ALERT_WEBHOOK_SECRET/);
  });
});
