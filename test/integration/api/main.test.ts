// api/main.ts as a process: configuration from the environment, listening, ready line, clean stop; bad
// configuration, or a namespace without the search attributes, exits 1 naming every problem.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
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

  it('exits 1 naming the search attributes a namespace lacks and the commands that register them', async () => {
    const namespace = `bare-${randomUUID().slice(0, 8)}`;
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs('1d'),
      });
    } finally {
      await connection.close();
    }
    const api = run({
      API_PORT: '0',
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
      TEMPORAL_NAMESPACE: namespace,
      LOG_LEVEL: 'silent',
    });
    expect(await api.exited).toBe(1);
    expect(api.err()).toContain(`Temporal namespace ${namespace} lacks the search attributes RolloutState (Keyword)`);
    expect(api.err()).toContain(
      `temporal operator search-attribute create --namespace ${namespace} --name RolloutPaused --type Bool`,
    );
    expect(api.out()).not.toMatch(/api ready/);
  });

  it('exits 1 listing every configuration problem', async () => {
    const api = run({ API_PORT: 'eighty', ALERT_WEBHOOK_SECRET: 'short' });
    expect(await api.exited).toBe(1);
    expect(api.err()).toMatch(/API_PORT/);
    expect(api.err()).toMatch(/ALERT_WEBHOOK_SECRET/);
  });
});
