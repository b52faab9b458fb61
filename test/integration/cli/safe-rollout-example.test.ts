// The README's safe-rollout walkthrough as a user runs it: the `rollout` CLI on examples/safe-rollout's files (copied
// with shorter stage times only) against the real stack, the emulator's own generator calling every endpoint with live
// traffic. First release of blue on the new my-endpoint, then the plan that scales blue and takes green to 100%.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ROLE_TOKENS, useApiStack } from '../../support/api-stack';

const ROOT = join(__dirname, '..', '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'safe-rollout');
const EP = 'my-endpoint';
/** Per endpoint with live traffic: the canary's 10% brings ~48 requests in its 12 s bake, the plan needs 30. */
const RPS = 40;

const stack = useApiStack({ rps: 0 });
const dir = mkdtempSync(join(tmpdir(), 'safe-rollout-'));
beforeAll(() => {
  cpSync(EXAMPLE, dir, { recursive: true });
  shorten('blue-release.yaml', { promote: { watch: '4s' } });
  shorten('green-release.yaml', { mirror: { duration: '8s' }, canary: { bake: '12s' }, promote: { watch: '4s' } });
  return stack.emulator.faults.traffic.start({ rps: RPS, endpoint: '*' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The example plan with its analysis interval and the named stages' times shortened; nothing else changes. */
function shorten(file: string, times: Record<string, Record<string, string>>): void {
  const path = join(dir, file);
  const plan = parse(readFileSync(path, 'utf8'));
  plan.analysis.interval = '1s';
  for (const stage of plan.stages) Object.assign(stage, times[stage.kind]);
  writeFileSync(path, stringify(plan));
}

const children = new Set<ChildProcess>();
afterAll(() => children.forEach((child) => child.kill()));

function rollout(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    ROLLOUT_API_URL: stack.url,
    ROLLOUT_TOKEN: ROLE_TOKENS.releaseManager,
    XDG_CONFIG_HOME: dir,
  };
  const child = spawn(process.execPath, [join(ROOT, 'cli', 'bin.mjs'), ...args], { cwd: dir, env });
  children.add(child);
  child.on('exit', () => children.delete(child));
  if (process.env.DEBUG_CLI) child.stderr.on('data', (chunk) => process.stderr.write(`[${args[1]}] ${chunk}`));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Exit code and outcome in one line, so that a failure names why the rollout ended. */
const ended = (run: { code: number | null; stdout: string; stderr: string }): string => {
  const outcome = (JSON.parse(run.stdout || '{}') as { outcome?: { result: string; reason: string } }).outcome;
  return `${run.code} ${outcome ? `${outcome.result}: ${outcome.reason}` : run.stderr}`;
};
const endpoint = () => stack.emulator.context.getEndpoint(EP);
const liveCalls = () => stack.emulator.context.requests(EP, 0, Date.now() + 1).filter((r) => !r.mirrored);

it('releases blue on a new endpoint, then scales blue and takes green to 100%, as the README walks it', async () => {
  expect(endpoint()).toBeUndefined();
  const blue = await rollout(['start', 'blue-release.yaml', '--wait', '--timeout', '45s', '-o', 'json']);
  expect(ended(blue)).toBe('0 Succeeded: every stage passed');
  expect(JSON.parse(blue.stdout)).toMatchObject({ state: 'Succeeded', candidate: 'blue', traffic: { blue: 100 } });
  expect(endpoint()).toMatchObject({ authMode: 'Key', traffic: { blue: 100 } });
  // Nobody pointed the generator at my-endpoint: it follows the endpoint once blue has its traffic.
  expect((await stack.emulator.faults.traffic.status()).endpoints?.[EP]?.sent).toBeGreaterThan(0);
  expect(liveCalls().filter((r) => r.status === 200).length).toBeGreaterThan(20);

  const green = await rollout(['start', 'green-release.yaml', '--wait', '--timeout', '70s', '-o', 'json']);
  expect(ended(green)).toBe('0 Succeeded: every stage passed');
  const done = JSON.parse(green.stdout);
  expect(done).toMatchObject({ state: 'Succeeded', baseline: 'blue', candidate: 'green', traffic: { green: 100 } });
  const scaled = done.events.filter((e: { type: string }) => e.type === 'deployment.scaled').map((e: any) => e.details);
  expect(scaled).toEqual([
    expect.objectContaining({ deployment: 'blue', role: 'baseline', instanceCount: 2 }),
    expect.objectContaining({ deployment: 'green', role: 'candidate', instanceCount: 2 }),
  ]);
  expect(Object.keys(endpoint()!.deployments)).toEqual(['green']);
  expect(endpoint()!.traffic).toEqual({ green: 100 });
  const greenCalls = liveCalls().filter((r) => r.deployment === 'green');
  expect(greenCalls.length).toBeGreaterThan(50);
  expect(greenCalls.filter((r) => r.status === 400)).toEqual([]); // bodies fit its scoring script (400: bad input)
});
