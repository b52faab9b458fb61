// Bounded state on a dev server of its own whose payload limit is lowered through its dynamic config: a long canary
// bake judged every second continues as new several times and reaches its end, and the status query stays under
// the documented bound (workflows/README.md, "Bounded state") however many gates it read.
import { startTemporalDevServer, type DevServer } from '../../../embedded/temporal-dev-server';
import { FakeAzure } from '../../support/fake-azure';
import { startHarness, testPlan, testTarget, type Harness } from '../../support/rollout-harness';
import { statusQuery } from '../../../workflows/messages';
import { FOLD_LIMITS, jsonBytes, statusBoundBytes } from '../../../workflows/fold';
import { sleep } from '../../support/wait';

/**
 * Between what this bake carries across continue-as-new folded (measured: at most 33.2 KB, from the fourth run on)
 * and unfolded (39.3 KB at the fourth continue-as-new, which the server then refuses).
 */
const BLOB_LIMIT = 36 * 1024;
const BAKE_SECONDS = 90;

let server: DevServer;
let harness: Harness;

beforeAll(async () => {
  const dynamicConfig = { 'limit.blobSize.error': BLOB_LIMIT, 'limit.blobSize.warn': 16 * 1024 };
  server = await startTemporalDevServer({ dynamicConfig });
  harness = await startHarness(new FakeAzure().activities(), testTarget(), { address: server.address });
}, 90_000);

afterAll(async () => {
  await harness?.close();
  await server?.stop();
});

/** The size of each run's continue-as-new input, following the chain of runs from the first. */
async function carriedInputBytes(h: Harness, workflowId: string, firstRunId: string): Promise<number[]> {
  const sizes: number[] = [];
  const step = async (runId: string): Promise<string | undefined> => {
    const history = await h.client.workflow.getHandle(workflowId, runId).fetchHistory();
    const last = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes;
    const payload = last?.input?.payloads?.[0]?.data;
    if (payload) sizes.push(payload.length);
    return last?.newExecutionRunId ?? undefined;
  };
  for (let runId: string | undefined = firstRunId; runId; runId = await step(runId));
  return sizes;
}

it('refuses a payload above the lowered limit: the dynamic config took effect', async () => {
  const plan = testPlan({ stages: [{ kind: 'deploy' }] });
  const error = await harness.start(plan, { reason: 'x'.repeat(BLOB_LIMIT + 1024) }).catch((e: Error) => e);
  expect(String((error as Error & { cause?: unknown }).cause)).toMatch(/exceeds limit/i);
});

it('bakes a canary for 90 s at a 1 s interval to Succeeded, its status within the bound throughout', async () => {
  const stages = [
    { kind: 'deploy' },
    { kind: 'canary', weight: 20, bake: `${BAKE_SECONDS}s` },
    { kind: 'promote', watch: '1s' },
  ] as const;
  const plan = testPlan({ stages: [...stages] });
  const bound = statusBoundBytes(plan.stages.length);
  const handle = await harness.start(plan, { historyLimit: 150 });
  let largest = 0;
  let done = false;
  const result = handle.result().finally(() => {
    done = true;
  });
  while (!done) {
    const status = await handle.query(statusQuery).catch(() => undefined);
    if (status) largest = Math.max(largest, jsonBytes(status));
    await sleep(2_000);
  }
  const status = await result;
  largest = Math.max(largest, jsonBytes(status));
  const inputs = await carriedInputBytes(harness, handle.workflowId, handle.firstExecutionRunId);
  process.stdout.write(
    `long bake: ${status.gates.length + (status.folded?.gates ?? 0)} gates, largest status ${largest} B, ` +
      `bound ${bound} B, continue-as-new inputs ${inputs.join(', ')} B\n`,
  );
  expect(Math.max(...inputs)).toBeLessThan(BLOB_LIMIT);
  expect(status.state).toBe('Succeeded');
  expect(largest).toBeLessThanOrEqual(bound);
  expect(status.gates.length).toBeLessThanOrEqual(FOLD_LIMITS.gates);
  const canary = status.folded?.stages.find((s) => s.stage === 'canary');
  // Every second's gate is accounted for, recent in full, older ones folded; the bake ended on a pass.
  const canaryGates = (canary?.gates ?? 0) + status.gates.filter((g) => g.stage === 'canary').length;
  expect(canaryGates).toBeGreaterThanOrEqual(BAKE_SECONDS * 0.8);
  expect(canary).toMatchObject({ first: { kind: 'continue' } });
  expect(status.gates.filter((g) => g.stage === 'canary').at(-1)?.verdict.kind).toBe('pass');
  const carried =
    (status.folded?.eventTypes.continuedAsNew ?? 0) + status.events.filter((e) => e.type === 'continuedAsNew').length;
  expect(carried).toBeGreaterThan(1);
}, 170_000);
