// The `rollout` CLI as a user runs it (a child process, `watch` in a pseudo-terminal through util-linux `script`),
// against the real stack: dev server, emulator with live traffic, worker and API. The examples' plans, with shorter
// stage times.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ROLE_TOKENS, idPath, useApiStack, waitFor, type TokenRole } from '../../support/api-stack';

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'cli', 'bin.mjs');
const stack = useApiStack();
const dir = mkdtempSync(join(tmpdir(), 'rollout-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  role?: TokenRole;
  token?: string;
  apiUrl?: string;
  /** Run in a pseudo-terminal (stdout is a TTY), as a person at a terminal would. */
  pty?: boolean;
  /** Through `npx rollout`, as the README says. */
  npx?: boolean;
  /** Read the API and token from the config file `rollout login` wrote, not the environment. */
  loggedIn?: boolean;
}

const children = new Set<ChildProcess>();
afterAll(() => children.forEach((child) => child.kill()));

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

function rollout(args: string[], options: RunOptions = {}): Promise<Run> {
  const env = {
    ...process.env,
    ROLLOUT_API_URL: options.loggedIn ? '' : (options.apiUrl ?? stack.url),
    ROLLOUT_TOKEN: options.loggedIn ? '' : (options.token ?? ROLE_TOKENS[options.role ?? 'viewer']),
    XDG_CONFIG_HOME: dir, // no config file of the machine's user
  };
  const command = options.npx ? ['npx', 'rollout', ...args] : [process.execPath, BIN, ...args];
  const [file, argv] = options.pty
    ? ['script', ['-qefc', command.map(quote).join(' '), '/dev/null']]
    : [command[0], command.slice(1)];
  const child = spawn(file, argv, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  if (process.env.DEBUG_CLI) {
    process.stderr.write(`${new Date().toISOString()} run ${args.join(' ')}\n`);
    child.stderr.on('data', (chunk) => process.stderr.write(`[${args.join(' ')}] ${chunk}`));
    child.on('exit', (code) => process.stderr.write(`${new Date().toISOString()} exit ${code}: ${args.join(' ')}\n`));
  }
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** An example plan with shorter stages, written to a file for the CLI. */
function examplePlan(name: string, change: (plan: any) => void, as = name): string {
  const plan = parse(readFileSync(join(ROOT, 'examples', name), 'utf8'));
  change(plan);
  const path = join(dir, as);
  writeFileSync(path, stringify(plan));
  return path;
}

const good = () =>
  examplePlan('good-release.yaml', (plan) => {
    plan.analysis = { ...plan.analysis, interval: '1s', minRequests: 10 };
    plan.stages[1].requests = 30;
    plan.stages[2].duration = '4s';
    plan.stages[3].bake = '4s';
    plan.stages[5].bake = '3s';
    plan.stages[6].watch = '3s';
  });

const bad = () =>
  examplePlan('bad-release.yaml', (plan) => {
    plan.analysis = { ...plan.analysis, interval: '1s', minRequests: 20 };
    plan.stages[1] = { ...plan.stages[1], requests: 30, maxErrorRate: 0.5, minAgreement: 0.5 }; // let the gates see it
    plan.stages[2].duration = '30s';
    plan.stages[3].bake = '30s';
  });

const apiStatus = async () => (await stack.call('GET', '/rollouts/heart-ep', { role: 'viewer' })).body;
const lines = (text: string) => text.trim().split('\n');

describe('the rollout CLI on the real stack', () => {
  it('answers a wrong token, an unknown id and a refused control with one clear line and the documented code', async () => {
    const wrongToken = await rollout(['status', 'heart-ep'], { token: 'not-a-token', npx: true });
    expect(wrongToken.code).toBe(7);
    expect(lines(wrongToken.stderr)).toEqual([expect.stringMatching(/^error: Unauthenticated \(401\): /)]);

    const unknown = await rollout(['status', 'no-such-ep']);
    expect(unknown.code).toBe(6);
    expect(lines(unknown.stderr)).toEqual([expect.stringMatching(/^error: NotFound \(404\): .*no-such-ep/)]);

    const forbidden = await rollout(['rollback', 'heart-ep', '--reason', 'testing'], { role: 'viewer' });
    expect(forbidden.code).toBe(7);
    expect(lines(forbidden.stderr)).toEqual([
      expect.stringMatching(/^error: Forbidden \(403\): /),
      "  - 'rollback' needs one of: release-manager, sre, admin",
    ]);

    const noReason = await rollout(['rollback', 'heart-ep'], { role: 'sre' });
    expect(noReason.code).toBe(6);
    const [first, ...details] = lines(noReason.stderr);
    expect(first).toMatch(/^error: \w+ \(400\): /);
    expect(details).toEqual([expect.stringMatching(/^ {2}- reason: /)]);

    const unreachable = await rollout(['list'], { apiUrl: 'http://127.0.0.1:9' });
    expect(unreachable.code).toBe(8);
    expect(lines(unreachable.stderr)).toEqual([
      expect.stringMatching(/^error: cannot reach the API at http:\/\/127\.0\.0\.1:9: /),
    ]);
    for (const run of [wrongToken, unknown, forbidden, noReason, unreachable])
      expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('starts the good release with --wait, approved from the CLI while watch draws it live, and exits 0', async () => {
    const plan = good();
    const started = rollout(['start', plan, '--wait', '--timeout', '5m', '-o', 'json'], { role: 'releaseManager' });
    await waitFor('the rollout to start', async () => ((await apiStatus())?.state ? true : undefined), 60_000);
    const watch = rollout(['watch', 'heart-ep', '--plan', plan], { pty: true });

    const waiting = await rollout([
      'status',
      'heart-ep',
      '--wait-for',
      'AwaitingApproval',
      '--timeout',
      '3m',
      '-o',
      'json',
    ]);
    expect(waiting.code).toBe(0);
    const atGate = JSON.parse(waiting.stdout);
    expect(atGate).toMatchObject({ state: 'AwaitingApproval', awaiting: { gate: 'go-to-half' } });
    expect(atGate).toEqual(await apiStatus()); // nothing moves while the gate waits

    const tooLong = await rollout(['status', 'heart-ep', '--wait-for', 'Succeeded', '--timeout', '2s']);
    expect(tooLong.code).toBe(5);
    expect(lines(tooLong.stderr).at(-1)).toMatch(
      /^error: timed out after 2000 ms waiting for Succeeded: the rollout is AwaitingApproval$/,
    );

    const notPaused = await rollout(['resume', 'heart-ep'], { role: 'sre' });
    expect(notPaused.code).toBe(6);
    expect(lines(notPaused.stderr)).toEqual([expect.stringMatching(/^error: InvalidState \(409\): /)]);

    // The two-person rule: the release manager who started it may not approve; a second one does.
    const selfApproval = await rollout(['approve', 'heart-ep', '--gate', 'go-to-half'], { role: 'releaseManager' });
    expect(selfApproval.code).toBe(6);
    const approved = await rollout(
      ['approve', 'heart-ep', '--gate', 'go-to-half', '--comment', 'canary evidence looks good'],
      { role: 'releaseManager2' },
    );
    expect(approved).toMatchObject({ code: 0, stderr: '' });
    expect(approved.stdout).toMatch(/^approve: accepted/);

    const done = await started;
    expect(done.code).toBe(0);
    const final = JSON.parse(done.stdout);
    expect(final).toMatchObject({ state: 'Succeeded', outcome: { result: 'Succeeded' } });
    expect(final.traffic).toEqual({ [final.candidate]: 100 });
    expect(done.stderr).toMatch(/AwaitingApproval/); // one progress line per state, for pipeline logs

    const watched = await watch;
    expect(watched.code).toBe(0);
    expect(watched.stdout).toContain('\x1b[H\x1b[J'); // redrawn in place
    const frames = watched.stdout.split('\x1b[H\x1b[J').filter(Boolean);
    expect(frames.length).toBeGreaterThan(3);
    expect(frames.some((f) => /AwaitingApproval/.test(f) && /> {2}5 approval go-to-half {3}<- current/.test(f))).toBe(
      true,
    );
    expect(frames.some((f) => /traffic {3}read back blue 80%, green 20% {3}set blue 80%, green 20%/.test(f))).toBe(
      true,
    );
    expect(frames.at(-1)).toMatch(/state {5}Succeeded/);
    expect(frames.at(-1)).toMatch(/latest gate verdicts/);

    // -o json and -o yaml are the API's JSON.
    const api = await apiStatus();
    expect(JSON.parse((await rollout(['status', 'heart-ep', '-o', 'json'])).stdout)).toEqual(api);
    expect(parse((await rollout(['status', final.id, '-o', 'yaml'])).stdout)).toEqual(api);
    const list = await rollout(['list', '--endpoint', 'heart-ep', '-o', 'json']);
    expect(JSON.parse(list.stdout)).toEqual(
      (await stack.call('GET', '/rollouts?endpoint=heart-ep&limit=50', { role: 'viewer' })).body,
    );
    // Scoped to this stack's endpoint: other test files' rollouts share the dev server.
    const table = await rollout(['list', '--state', 'Succeeded', '--endpoint', 'heart-ep']);
    expect(lines(table.stdout)[0]).toMatch(/^ENDPOINT +STATE +MODEL +TRAFFIC +STARTED +CLOSED +ID$/);
    expect(lines(table.stdout)[1]).toMatch(/^heart-ep +Succeeded +azureml:heart-classifier:2 /);
    expect((await stack.call('GET', idPath(final.id), { role: 'viewer' })).body.events).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'approval.approved', actor: 'releaseManager2-user' })]),
    );
  }, 360_000);

  it('starts the bad release with --wait and exits with the rolled-back code', async () => {
    const done = await rollout(['start', bad(), '--wait', '--timeout', '5m'], { role: 'releaseManager' });
    expect(done.stderr).toMatch(/^started rollout:/);
    expect(done.stdout).toMatch(/outcome {3}RolledBack: /);
    expect(done.code).toBe(3);
    expect((await apiStatus()).state).toBe('RolledBack');
  }, 300_000);

  it('logs in to a file only its owner reads, then validates a plan and manages a schedule with it', async () => {
    const login = await rollout(['login', '--api-url', `${stack.url}/`, '--token', ROLE_TOKENS.admin], {
      loggedIn: true,
    });
    expect(login).toMatchObject({ code: 0, stderr: '' });
    const file = join(dir, 'rollout', 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ apiUrl: stack.url, token: ROLE_TOKENS.admin });
    const wrong = await rollout(['login', '--api-url', stack.url, '--token', 'wrong'], { loggedIn: true });
    expect(wrong.code).toBe(7);
    expect(JSON.parse(readFileSync(file, 'utf8')).token).toBe(ROLE_TOKENS.admin); // kept: a wrong token is not saved

    const valid = await rollout(['plan', 'validate', good()], { loggedIn: true });
    expect(valid.code).toBe(0);
    expect(valid.stdout).toMatch(/^valid {5}yes$/m);
    expect(valid.stdout).toMatch(/^5 +approval +\w+ 80%, \w+ 20% +- +.+ wait for approval/m);
    const unfit = examplePlan(
      'good-release.yaml',
      (plan) => (plan.candidate.model = 'azureml:heart-classifier:99'),
      'unfit.yaml',
    );
    const invalid = await rollout(['plan', 'validate', unfit, '-o', 'json'], { loggedIn: true });
    expect(invalid.code).toBe(6);
    expect(JSON.parse(invalid.stdout)).toMatchObject({
      valid: false,
      problems: [expect.objectContaining({ path: 'candidate.model' })],
    });

    // Schedules are namespace-wide on the shared dev server: a name of this file's own, and only its row checked.
    const id = `cli-${randomUUID().slice(0, 8)}`;
    const schedule = join(dir, 'schedule.yaml');
    const plan = {
      endpoint: 'heart-ep',
      candidate: { model: 'azureml:heart-classifier@latest' },
      stages: [{ kind: 'deploy' }],
    };
    writeFileSync(schedule, stringify({ id, cron: '0 2 * * *', paused: true, plan }));
    const created = await rollout(['schedules', 'create', schedule], { loggedIn: true });
    expect(created).toMatchObject({ code: 0, stdout: `created schedule ${id}\n` });
    const listed = await rollout(['schedules', 'list'], { loggedIn: true });
    expect(lines(listed.stdout)[0]).toMatch(/^ID +WHEN +PAUSED +NEXT RUN +LAST RUN +NOTE$/);
    expect(lines(listed.stdout)).toContainEqual(expect.stringMatching(new RegExp(`^${id} +0 2 \\* \\* \\* +yes `)));
    const resumed = await rollout(['schedules', 'resume', id], { loggedIn: true });
    expect(resumed).toMatchObject({ code: 0, stdout: `resumed schedule ${id}\n` });
    const paused = await rollout(['schedules', 'pause', id, '--reason', 'freeze', '-o', 'json'], { loggedIn: true });
    expect(JSON.parse(paused.stdout)).toMatchObject({ id, paused: true, note: expect.stringMatching(/: freeze$/) });
    const updated = await rollout(['schedules', 'update', id, '--every', '6h', '-o', 'json'], { loggedIn: true });
    expect(JSON.parse(updated.stdout)).toMatchObject({ id, every: '6h', paused: true });
    const shown = await rollout(['schedules', 'show', id], { loggedIn: true });
    expect(lines(shown.stdout)[0]).toMatch(new RegExp(`^schedule +${id} +every 6h +\\(paused\\)$`));
    expect(await rollout(['schedules', 'delete', id], { loggedIn: true })).toMatchObject({ code: 0 });
    const after = JSON.parse((await rollout(['schedules', 'list', '-o', 'json'], { loggedIn: true })).stdout);
    expect(after.items.map((s: { id: string }) => s.id)).not.toContain(id);
  });
});
