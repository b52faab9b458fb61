// A rollback Azure keeps refusing: the emulator answers 409 (an operation in progress) to every endpoint update for
// longer than the old budget of 10 attempts. The rollout waits in RollingBack with its attempts and last error in
// the status, alerts once, and ends RolledBack with the traffic verified in Azure when the fault clears; or an SRE
// abandons it, and who and why is recorded.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { e2ePlan, liveOnly, startE2E, type E2E } from '../../support/rollout-e2e';
import { settle, waitForStatus, type RolloutHandle } from '../../support/rollout-harness';
import { abandonRollbackUpdate, rollbackUpdate } from '../../../workflows/messages';
import { RESTORE_ATTEMPTS } from '../../../workflows/rollback';
import type { Stage } from '../../../domain/plan';

interface Webhook {
  url: string;
  events: Record<string, unknown>[];
  close(): Promise<void>;
}

async function startWebhook(): Promise<Webhook> {
  const events: Record<string, unknown>[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      events.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rollouts`;
  return { url, events, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let rig: E2E;
let hooks: Webhook;
beforeEach(async () => {
  rig = await startE2E({ rps: 30 });
  hooks = await startWebhook();
});
afterEach(async () => {
  await rig.close();
  await hooks.close();
});

const stages = [{ kind: 'deploy' }, { kind: 'canary', weight: 30, bake: '120s' }] as Stage[];
const endpointPut = { method: 'PUT', path: 'onlineEndpoints/heart-ep$' };
const rollbackBackoff = { initialMs: 200, maxMs: 500, alertAfterMs: 3_000 };
const canary = { traffic: { blue: 70, green: 30 }, mirrorTraffic: {} };

/** A canary at 30%, then a rollback request that meets 409 on every endpoint update. */
async function stuckRollback(): Promise<RolloutHandle> {
  const plan = e2ePlan(2, { stages, notifications: { webhookUrl: hooks.url } });
  const handle = await rig.harness.start(plan, { rollbackBackoff });
  await waitForStatus(handle, (s) => s.state === 'Canary' && s.traffic.green === 30, 60_000);
  rig.emulator.faults.conflicts(endpointPut);
  await handle.executeUpdate(rollbackUpdate, { args: [{ actor: 'sre:sam', reason: 'error budget alert' }] });
  return handle;
}

it('waits in RollingBack past the old budget, alerts once, ends RolledBack verified when the 409s stop', async () => {
  const handle = await stuckRollback();
  const waiting = await waitForStatus(
    handle,
    (s) => (s.rollback?.attempts ?? 0) > RESTORE_ATTEMPTS && s.rollback?.alertedAt !== undefined,
    120_000,
  );
  expect(waiting.outcome).toBeUndefined();
  expect(waiting).toMatchObject({
    state: 'RollingBack',
    rollback: { reason: 'error budget alert', actor: 'sre:sam', lastError: expect.stringMatching(/^AzureConflict: /) },
  });
  expect(liveOnly(rig.live())).toEqual(canary);
  expect(hooks.events.filter((e) => e.type === 'rollback.stuck')).toEqual([
    expect.objectContaining({ alert: true, state: 'RollingBack', lastError: expect.stringMatching(/AzureConflict/) }),
  ]);

  rig.emulator.faults.clear();
  const status = await settle(handle);
  expect(status.outcome).toMatchObject({ result: 'RolledBack', reason: 'error budget alert' });
  expect(status.rollback?.attempts).toBeGreaterThan(RESTORE_ATTEMPTS);
  expect(status.events.map((e) => e.type)).toEqual(expect.arrayContaining(['rollback.stuck', 'rollback.verified']));
  expect(status.events.filter((e) => e.type === 'rollback.stuck')).toHaveLength(1);
  expect(liveOnly(rig.live())).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  expect(rig.deployments()).toEqual(['blue']);
  expect(hooks.events.at(-1)).toMatchObject({ type: 'rollout.rolledback', state: 'RolledBack' });
}, 240_000);

it('stops only when an SRE abandons it: Failed, with who and why recorded and the traffic left as it is', async () => {
  const handle = await stuckRollback();
  await waitForStatus(handle, (s) => (s.rollback?.attempts ?? 0) >= 2, 60_000);
  const byReleaseManager = { actor: 'rita', roles: ['release-manager'], reason: 'give up' };
  await expect(handle.executeUpdate(abandonRollbackUpdate, { args: [byReleaseManager] })).rejects.toMatchObject({
    cause: { type: 'InvalidState' },
  });
  const sre = { actor: 'sre:sam', roles: ['sre'], reason: 'Azure incident 4711: traffic fixed by hand' };
  await handle.executeUpdate(abandonRollbackUpdate, { args: [sre] });
  const status = await settle(handle);
  expect(status.outcome).toMatchObject({
    result: 'Failed',
    reason: expect.stringMatching(/^rollback abandoned by sre:sam: Azure incident 4711/),
  });
  expect(status.events.find((e) => e.type === 'rollback.abandoned')).toMatchObject({
    actor: 'sre:sam',
    reason: 'Azure incident 4711: traffic fixed by hand',
  });
  expect(status.events.map((e) => e.type)).not.toContain('rollback.verified');
  expect(hooks.events.at(-1)).toMatchObject({ type: 'rollout.failed', alert: true, state: 'Failed' });
  expect(liveOnly(rig.live())).toEqual(canary);
}, 180_000);
