// The dashboard in real headless Chromium against the real stack (dev server, worker, emulator with live traffic):
// sign in, follow a rollout live, approve, see a failing gate's chart and reason, roll back as an SRE, a viewer
// without buttons, and a forged POST without the CSRF token refused.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { idPath, useApiStack, waitFor } from '../../support/api-stack';
import { useBrowser } from '../../support/browser';

const stack = useApiStack({ env: { TEMPORAL_UI_URL: 'http://127.0.0.1:8233' } });
const browser = useBrowser();

const capacity = { instance_count: 2, request_settings: { max_concurrent_requests_per_instance: 8 } };
const analysis = { judge: 'threshold', interval: '1s', minRequests: 10 };
const goodPlan = {
  // Capacity for the canary's share: Azure answers 429 past 2 x concurrency x instances in flight.
  endpoint: 'heart-ep',
  candidate: { model: 'azureml:heart-classifier:2', ...capacity },
  analysis,
  stages: [
    { kind: 'deploy' },
    { kind: 'canary', weight: 20, bake: '4s' },
    { kind: 'approval', name: 'go-live', timeout: '5m' },
    { kind: 'promote', watch: '2s' },
    { kind: 'cleanup', delay: '0s' },
  ],
};

async function start(plan: object): Promise<string> {
  const started = await stack.call('POST', '/rollouts', { role: 'releaseManager', body: plan });
  expect(started.status).toBe(201);
  return started.body.id;
}

const rolloutUrl = (id: string) => `${stack.url}/ui/rollouts/${encodeURIComponent(id)}`;
const stateOf = (page: Page) => page.getByTestId('state').textContent({ timeout: 5_000 });
const waitState = (page: Page, state: string, ms = 60_000) =>
  waitFor(`the page to show ${state}`, async () => ((await stateOf(page)) === state ? true : undefined), ms, 250);

/** With SCREENSHOTS=1 (npm run screenshots), the README's pictures: docs/screenshots/NAME.png. */
async function shot(page: Page, name: string) {
  if (!process.env.SCREENSHOTS) return;
  const dir = join(__dirname, '..', '..', '..', 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

async function act(page: Page, action: string, reason: string) {
  await page.click(`button[data-action="${action}"]`);
  await page.fill('#confirm-reason', reason);
  await page.click('#confirm-ok');
  await page.waitForSelector('#confirm', { state: 'hidden' });
}

describe('the dashboard in Chromium on the real stack', () => {
  it('signs in, shows a rollout appear and advance live, approves at the gate with a reason, then success', async () => {
    // The two-person rule: a second release manager approves what the first one starts.
    const page = await browser.signIn(stack.url, 'releaseManager2');
    await expect(page.getByTestId('who').textContent()).resolves.toContain('releaseManager2-user (release-manager)');
    const id = await start(goodPlan);
    // The home table polls: the rollout appears without a reload.
    await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 1));
    // Other test files' rollouts share the dev server: find this one by its link.
    const link = page.locator(`[data-testid="rollouts"] a[href="/ui/rollouts/${encodeURIComponent(id)}"]`).first();
    await link.waitFor({ timeout: 15_000 });
    await link.click();
    await page.waitForURL(rolloutUrl(id));
    await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 2));
    await expect(page.getByTestId('temporal-link').getAttribute('href')).resolves.toContain(
      '/namespaces/default/workflows/',
    );
    await waitFor(
      'the live stream',
      async () => ((await page.getByTestId('live-status').textContent()) === 'live' ? true : undefined),
      10_000,
    );

    await waitState(page, 'AwaitingApproval');
    expect(await page.evaluate(() => (globalThis as unknown as { marker: number }).marker)).toBe(2); // no reload
    await expect(page.getByTestId('awaiting').textContent()).resolves.toContain('go-live');
    await expect(page.getByTestId('current-stage').textContent()).resolves.toContain('approval');
    // The approval holds the canary's split: set by the plan and read back from Azure.
    await expect(page.getByTestId('traffic').textContent()).resolves.toBe('blue 80%, green 20%');
    await expect(page.getByTestId('traffic-set').textContent()).resolves.toBe('blue 80%, green 20%');
    const canaryGate = page.locator('[data-testid="gate"][data-stage-index="1"]');
    await expect(canaryGate.getAttribute('data-verdict')).resolves.toBe('pass');
    expect(await canaryGate.locator('[data-testid="chart-errors"] polyline.candidate').count()).toBe(1);
    expect(await page.isDisabled('button[data-action="promote"]')).toBe(true);
    await expect(page.locator('button[data-action="resume"] + small').textContent()).resolves.toBe(
      'the rollout is not paused',
    );

    await shot(page, 'rollout-awaiting-approval');
    await act(page, 'approve', 'canary at 20% is clean');
    await waitState(page, 'Succeeded', 60_000);
    await expect(page.getByTestId('outcome').textContent()).resolves.toContain('Succeeded');
    const log = await page.getByTestId('events').textContent();
    expect(log).toContain('approval.approved');
    expect(log).toContain('releaseManager-user');
    expect(log).toContain('canary at 20% is clean');
    expect(await page.evaluate(() => (globalThis as unknown as { marker: number }).marker)).toBe(2);
    const status = (await stack.call('GET', idPath(id), { role: 'viewer' })).body;
    expect(status.state).toBe('Succeeded');
    await page.context().close();
  });

  it("shows the bad release's failing gate with its chart, thresholds and reason", async () => {
    const page = await browser.signIn(stack.url, 'viewer');
    const id = await start({
      ...goodPlan,
      candidate: { model: 'azureml:heart-classifier:3', ...capacity },
      analysis: { ...analysis, minRequests: 20 },
      stages: [{ kind: 'deploy' }, { kind: 'canary', weight: 50, bake: '40s' }, { kind: 'promote', watch: '2s' }],
    });
    await page.goto(rolloutUrl(id));
    await waitState(page, 'RolledBack', 90_000);
    const failing = page.locator('[data-testid="gate"][data-verdict="fail"]');
    await expect(failing.getByTestId('gate-reason').textContent()).resolves.toMatch(
      /^failed \(slo\.[a-zA-Z0-9]+\): .+/,
    );
    const chart = failing.locator('[data-testid="chart-errors"]');
    expect(await chart.locator('polyline.candidate').count()).toBe(1);
    expect(await chart.locator('polyline.baseline').count()).toBe(1);
    expect(await chart.locator('line.threshold').count()).toBe(1);
    await expect(chart.locator('text.threshold-label').textContent()).resolves.toMatch(/^SLO 0\.\d+/);
    await expect(page.getByTestId('outcome').textContent()).resolves.toContain('RolledBack');
    expect(await page.locator('button[data-action]').count()).toBe(0); // a viewer sees no buttons
    await shot(page, 'rollout-failed-gate');

    await page.goto(`${stack.url}/ui/schedules`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Schedules');

    // Plan preview: the example plan's timeline, then a plan with problems.
    await page.goto(`${stack.url}/ui/plans`);
    const example = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'good-release.yaml'), 'utf8');
    await page.fill('textarea[name="plan"]', example);
    await page.click('#plan-form button[type="submit"]');
    await page.getByTestId('plan-timeline').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('plan-timeline').locator('tbody tr').count()).toBe(8);
    await expect(page.getByTestId('preview').locator('h2').textContent()).resolves.toBe('Valid');
    await shot(page, 'plan-preview');
    await page.fill('textarea[name="plan"]', example.replace('heart-classifier:2', 'heart-classifier:99'));
    await page.click('#plan-form button[type="submit"]');
    await page.getByTestId('preview').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('preview').locator('h2').textContent()).resolves.toMatch(/^1 problem/);
    await expect(page.getByTestId('preview').textContent()).resolves.toContain('candidate.model');
    await page.context().close();
  });

  it('rolls back as an SRE; a viewer sees no buttons; a POST without the CSRF token is refused', async () => {
    const id = await start({
      ...goodPlan,
      stages: [{ kind: 'deploy' }, { kind: 'approval', name: 'hold', timeout: '10m' }],
    });
    const viewer = await browser.signIn(stack.url, 'viewer');
    await viewer.goto(rolloutUrl(id));
    await waitState(viewer, 'AwaitingApproval');
    expect(await viewer.locator('button[data-action]').count()).toBe(0);
    expect(await viewer.getByTestId('actions').count()).toBe(0);

    const sre = await browser.signIn(stack.url, 'sre');
    // Home: the waiting rollout is listed first, under what needs attention.
    const waiting = `tr[data-state="AwaitingApproval"] a[href="/ui/rollouts/${encodeURIComponent(id)}"]`;
    await sre.getByTestId('attention').locator(waiting).waitFor({ timeout: 10_000 });
    await shot(sre, 'home');
    await sre.goto(rolloutUrl(id));
    await waitState(sre, 'AwaitingApproval');
    // An SRE may pause, resume and roll back, not approve or promote.
    expect(
      await sre.locator('button[data-action]').evaluateAll((b) => b.map((x) => x.getAttribute('data-action'))),
    ).toEqual(['pause', 'resume', 'rollback', 'abandonRollback']);
    // Forged: the session cookie rides along, but without (or with a wrong) CSRF header the API refuses.
    const forged = await sre.evaluate(
      async (path) => {
        const post = (headers: Record<string, string>) =>
          fetch(path, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body: '{"reason":"forged"}',
          }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
        return [await post({}), await post({ 'x-csrf-token': 'AAAA' })];
      },
      `${idPath(id)}/rollback`,
    );
    expect(forged.map((f) => f.status)).toEqual([403, 403]);
    expect(forged[0].body.error.message).toContain('CSRF');
    const logout = await sre.request.post(`${stack.url}/ui/logout`, { form: { csrf: 'nope' }, maxRedirects: 0 });
    expect(logout.status()).toBe(403);
    expect((await stack.call('GET', idPath(id), { role: 'viewer' })).body.state).toBe('AwaitingApproval');

    // A rollback without a reason is not sent; with one it is.
    await sre.click('button[data-action="rollback"]');
    await sre.click('#confirm-ok');
    await expect(sre.locator('#confirm-error').textContent()).resolves.toBe('A reason is required.');
    await sre.fill('#confirm-reason', 'error budget burning');
    await sre.click('#confirm-ok');
    await sre.waitForSelector('#confirm', { state: 'hidden' });
    await waitState(sre, 'RolledBack', 60_000);
    await waitState(viewer, 'RolledBack', 10_000); // the viewer's page follows live too
    const log = await sre.getByTestId('events').textContent();
    expect(log).toContain('rollback.requested');
    expect(log).toContain('sre-user');
    expect(log).toContain('error budget burning');
  });
});
