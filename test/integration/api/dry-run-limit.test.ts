// Load limits: a viewer hammering POST /plans/validate from another process gets 429 with Retry-After once over the
// dry-run limit, no dry run past the limit reaches Azure, and an in-flight rollout's activities run as fast as they
// did before the hammering (their latencies read from the workflow's history).
import { spawn } from 'node:child_process';
import { idPath, ROLE_TOKENS, useApiStack, waitFor } from '../../support/api-stack';

const DRY_RUNS_PER_MINUTE = 5;
const stack = useApiStack({ env: { RATE_LIMIT_DRY_RUNS: String(DRY_RUNS_PER_MINUTE) } });

const plan = {
  endpoint: 'heart-ep',
  // Capacity for 40 requests/s at the higher weights: Azure answers 429 past 2 x concurrency x instances in flight.
  candidate: {
    model: 'azureml:heart-classifier:2',
    instance_count: 2,
    request_settings: { max_concurrent_requests_per_instance: 8 },
  },
  // Bakes long enough for the 10% step's few requests: a short one can end inconclusive, which pauses the rollout.
  analysis: { judge: 'threshold', interval: '1s', minRequests: 3 },
  stages: [
    { kind: 'deploy' },
    ...[10, 20, 30, 40, 50, 60].map((weight) => ({ kind: 'canary', weight, bake: '3s' })),
    { kind: 'approval', name: 'measured', timeout: '10m' },
  ],
};

/** Four concurrent loops of dry runs for `ms`, from a child process (an outside caller); the statuses counted. */
function hammer(ms: number): Promise<{ statuses: Record<string, number>; retryAfter: string[] }> {
  const script = `
    const { URL: url, TOKEN: token, BODY: body, MS: ms } = process.env;
    const statuses = {}; const retryAfter = new Set(); const end = Date.now() + Number(ms);
    const loop = async () => { while (Date.now() < end) {
      const r = await fetch(url, { method: 'POST', body, headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' } });
      await r.arrayBuffer(); statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.headers.get('retry-after')) retryAfter.add(r.headers.get('retry-after'));
    } };
    Promise.all([loop(), loop(), loop(), loop()]).then(() => console.log(JSON.stringify({ statuses, retryAfter: [...retryAfter] })));`;
  const env = {
    ...process.env,
    URL: `${stack.url}/plans/validate`,
    TOKEN: ROLE_TOKENS.viewer,
    BODY: JSON.stringify(plan),
    MS: String(ms),
  };
  const child = spawn(process.execPath, ['-e', script], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  return new Promise((resolve, reject) =>
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`hammer exited ${code}`)))),
  );
}

interface ActivityRun {
  type: string;
  scheduledAt: number;
  ms: number;
}

/** Every completed activity of the run: its type, when it was scheduled and how long until it completed. */
async function activityRuns(id: string): Promise<ActivityRun[]> {
  const history = await stack.client.workflow.getHandle(id).fetchHistory();
  const scheduled = new Map<string, { type: string; at: number }>();
  const runs: ActivityRun[] = [];
  const timeOf = (t: unknown) =>
    Number((t as { seconds: { toNumber(): number } }).seconds.toNumber()) * 1000 +
    Math.floor(((t as { nanos?: number }).nanos ?? 0) / 1e6);
  for (const event of history.events ?? []) {
    const at = timeOf(event.eventTime);
    if (event.activityTaskScheduledEventAttributes) {
      scheduled.set(String(event.eventId), {
        type: event.activityTaskScheduledEventAttributes.activityType?.name ?? '',
        at,
      });
    }
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed) {
      const start = scheduled.get(String(completed.scheduledEventId));
      if (start) runs.push({ type: start.type, scheduledAt: start.at, ms: at - start.at });
    }
  }
  return runs;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

it('answers a hammering viewer 429 past the dry-run limit without slowing an in-flight rollout', async () => {
  const started = await stack.call('POST', '/rollouts', { role: 'releaseManager', body: plan });
  expect(started.status).toBe(201);
  const id: string = started.body.id;
  const status = async () => (await stack.call('GET', idPath(id), { role: 'viewer' })).body;
  let last: { state?: string; traffic?: object; events?: { type: string; reason?: string }[] } = {};
  const seen = () => `the third canary step; last ${JSON.stringify({ ...last, events: last.events?.slice(-4) })}`;
  await waitFor(seen, async () => ((last = await status()).traffic?.green >= 30 ? true : undefined), 80_000);

  const checksBefore = stack.calls.checkPlan ?? 0;
  const hammerFrom = Date.now();
  const hammered = await hammer(8_000);
  const hammerTo = Date.now();
  const checksDuring = (stack.calls.checkPlan ?? 0) - checksBefore;

  const waiting = await waitFor(
    'the approval gate after the canary steps',
    async () => {
      const s = await status();
      return s.state === 'AwaitingApproval' || s.outcome ? s : undefined;
    },
    90_000,
  );
  expect(waiting.state).toBe('AwaitingApproval');

  const runs = (await activityRuns(id)).filter((r) => ['setTraffic', 'queryMetrics'].includes(r.type));
  const quiet = runs.filter((r) => r.scheduledAt < hammerFrom).map((r) => r.ms);
  const loaded = runs.filter((r) => r.scheduledAt >= hammerFrom && r.scheduledAt <= hammerTo).map((r) => r.ms);
  const figures = {
    hammered,
    dryRunsReachingAzure: checksDuring,
    quiet: { activities: quiet.length, medianMs: median(quiet), maxMs: Math.max(...quiet) },
    loaded: { activities: loaded.length, medianMs: median(loaded), maxMs: Math.max(...loaded) },
  };
  console.log(JSON.stringify(figures));

  expect(hammered.statuses['429']).toBeGreaterThan(100);
  expect(hammered.statuses['200'] ?? 0).toBeLessThanOrEqual(DRY_RUNS_PER_MINUTE);
  expect(hammered.retryAfter.length).toBeGreaterThan(0);
  expect(checksDuring).toBeLessThanOrEqual(DRY_RUNS_PER_MINUTE);
  expect(quiet.length).toBeGreaterThanOrEqual(5);
  expect(loaded.length).toBeGreaterThanOrEqual(3);
  // Not slowed: the typical activity under the hammering within twice its quiet latency plus a quarter of the gate
  // interval. The hammering process itself competes for the CPU (2 shared cores here): the quiet-phase median was
  // 17-35 ms and the hammered one 40-78 ms in isolated runs, 164 ms beside another integration test file.
  expect(figures.loaded.medianMs).toBeLessThanOrEqual(2 * figures.quiet.medianMs + 250);

  await stack.call('POST', `${idPath(id)}/reject`, { role: 'releaseManager2', body: { reason: 'test over' } });
});
