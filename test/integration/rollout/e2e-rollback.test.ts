// A rollback Azure keeps refusing: the emulator answers 409 (an operation in progress) to every endpoint update for
// longer than the old budget of 10 attempts. The rollout waits in RollingBack with its attempts and last error in
// the status, alerts once, and ends RolledBack with the traffic verified in Azure when the fault clears; or an SRE
// abandons it, and who and why is recorded.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { notificationStore } from '../../../channels/records';
import { e2ePlan, liveOnly, startE2E, type E2E } from '../../support/rollout-e2e';
import { startHttpsReceiver, type HttpsReceiver } from '../../support/https-receiver';
import { settle, waitForStatus, type RolloutHandle } from '../../support/rollout-harness';
import { abandonRollbackUpdate, rollbackUpdate } from '../../../workflows/messages';
import { RESTORE_ATTEMPTS } from '../../../workflows/rollback';
import type { Stage } from '../../../domain/plan';

/** The receiver's events, as a generic webhook channel in a store of the test's own gets them. */
interface Webhook {
  events: Record<string, unknown>[];
  storeDir: string;
  receiver: HttpsReceiver;
  close(): Promise<void>;
}

async function startWebhook(): Promise<Webhook> {
  const receiver = await startHttpsReceiver();
  const storeDir = mkdtempSync(join(tmpdir(), 'e2e-store-'));
  const now = new Date().toISOString();
  await notificationStore(storeDir).channels.update((records) => {
    const channel = {
      id: 'alerts',
      kind: 'webhook' as const,
      url: `${receiver.url}/rollouts`,
      secret: 'e2e-secret-0123456789',
    };
    records.set('alerts', { ...channel, createdAt: now, updatedAt: now, createdBy: 'test' });
  });
  return {
    get events() {
      return receiver.received.map((r) => r.json as Record<string, unknown>);
    },
    storeDir,
    receiver,
    close: () => receiver.close(),
  };
}

let rig: E2E;
let hooks: Webhook;
beforeEach(async () => {
  hooks = await startWebhook();
  const notify = { storeDir: hooks.storeDir, allowlist: ['localhost'], ca: hooks.receiver.ca };
  rig = await startE2E({ rps: 30, notify });
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
  const plan = e2ePlan(2, { stages, notifications: { channels: ['alerts'] } });
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
  expect(hooks.events.filter((e) => e.trigger === 'rollback.stuck')).toEqual([
    expect.objectContaining({ state: 'RollingBack', evidence: expect.stringMatching(/AzureConflict/) }),
  ]);

  rig.emulator.faults.clear();
  const status = await settle(handle);
  expect(status.outcome).toMatchObject({ result: 'RolledBack', reason: 'error budget alert' });
  expect(status.rollback?.attempts).toBeGreaterThan(RESTORE_ATTEMPTS);
  expect(status.events.map((e) => e.type)).toEqual(expect.arrayContaining(['rollback.stuck', 'rollback.verified']));
  expect(status.events.filter((e) => e.type === 'rollback.stuck')).toHaveLength(1);
  expect(liveOnly(rig.live())).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  expect(rig.deployments()).toEqual(['blue']);
  expect(hooks.events.at(-1)).toMatchObject({ trigger: 'rolled.back', state: 'RolledBack' });
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
  expect(hooks.events.at(-1)).toMatchObject({ trigger: 'failed', state: 'Failed' });
  expect(liveOnly(rig.live())).toEqual(canary);
}, 180_000);
