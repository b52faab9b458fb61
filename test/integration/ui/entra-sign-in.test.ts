// "Sign in with Microsoft" in real headless Chromium against the real stack and a local OpenID Connect issuer on
// another site: a release manager gets the approve button and approves as their object id, a viewer gets no buttons,
// and a tampered state or nonce, an expired token, another audience, a foreign key or a user without a role are refused.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { ENTRA_CALLBACK_PATH } from '../../../api/config';
import { idPath, useApiStack, waitFor } from '../../support/api-stack';
import { useBrowser } from '../../support/browser';
import { beforeAllStarted } from '../../support/hooks';
import { startOidcIssuer, type IssuedUser, type Tampering } from '../../support/oidc-issuer';

const issuer = beforeAllStarted(startOidcIssuer, (i) => i.stop());
const stack = useApiStack({ env: (apiUrl) => issuer.register(`${apiUrl}${ENTRA_CALLBACK_PATH}`) });
const browser = useBrowser();

const releaseManager: IssuedUser = { oid: randomUUID(), name: 'ada@contoso.example', roles: ['release-manager'] };
const viewer: IssuedUser = { oid: randomUUID(), name: 'vic@contoso.example', roles: ['viewer', 'not-a-role'] };

const plan = {
  endpoint: 'heart-ep',
  candidate: {
    model: 'azureml:heart-classifier:2',
    instance_count: 2,
    request_settings: { max_concurrent_requests_per_instance: 8 },
  },
  analysis: { judge: 'threshold', interval: '1s', minRequests: 10 },
  stages: [
    { kind: 'deploy' },
    { kind: 'approval', name: 'go-live', timeout: '10m' },
    { kind: 'promote', watch: '0s' },
    { kind: 'cleanup', delay: '0s' },
  ],
};

/** A fresh browser through the sign-in page's Microsoft button and the issuer's page, up to where `ends` says. */
async function throughMicrosoft(user: IssuedUser, ends: string, tampering?: Tampering): Promise<Page> {
  issuer.signInAs(user, tampering);
  const page = await browser.newPage();
  await page.goto(`${stack.url}/ui/login`);
  await page.click('[data-testid="entra-sign-in"]');
  await page.waitForURL((url) => url.origin === issuer.authority);
  await page.click('#sign-in-as');
  await page.waitForURL((url) => url.pathname === ends);
  return page;
}
const signInWithMicrosoft = (user: IssuedUser) => throughMicrosoft(user, '/ui');
const refusedSignIn = (user: IssuedUser, tampering: Tampering) =>
  throughMicrosoft(user, ENTRA_CALLBACK_PATH, tampering);

const stateOf = (page: Page) => page.getByTestId('state').textContent({ timeout: 5_000 });
const waitState = (page: Page, state: string, ms = 60_000) =>
  waitFor(`the page to show ${state}`, async () => ((await stateOf(page)) === state ? true : undefined), ms, 250);

describe('Microsoft Entra ID sign-in to the dashboard, in Chromium on the real stack', () => {
  it('signs a release manager in to approve as their object id, and a viewer to see no buttons', async () => {
    const started = await stack.call('POST', '/rollouts', { role: 'releaseManager', body: plan });
    expect(started.status).toBe(201);
    const rolloutUrl = `${stack.url}/ui/rollouts/${encodeURIComponent(started.body.id)}`;

    // The issuer's page starts the way back on another site: the session cookie (SameSite=Strict) must still work.
    const manager = await signInWithMicrosoft(releaseManager);
    await expect(manager.getByTestId('who').textContent()).resolves.toBe('ada@contoso.example (release-manager)');
    await expect(manager.getByTestId('who').getAttribute('title')).resolves.toBe(releaseManager.oid);
    const cookies = await manager.context().cookies(stack.url);
    expect(cookies.find((c) => c.name === 'rollout_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(cookies.map((c) => c.name)).not.toContain('rollout_entra_attempt'); // used once, then gone

    const watcher = await signInWithMicrosoft(viewer);
    await expect(watcher.getByTestId('who').textContent()).resolves.toBe('vic@contoso.example (viewer)');
    await watcher.goto(rolloutUrl);
    await waitState(watcher, 'AwaitingApproval');
    expect(await watcher.locator('button[data-action]').count()).toBe(0);

    await manager.goto(rolloutUrl);
    await waitState(manager, 'AwaitingApproval');
    expect(await manager.isEnabled('button[data-action="approve"]')).toBe(true);
    await manager.click('button[data-action="approve"]');
    await manager.fill('#confirm-reason', 'signed in through Entra');
    await manager.click('#confirm-ok');
    await manager.waitForSelector('#confirm', { state: 'hidden' });
    await waitState(manager, 'Succeeded');
    const status = (await stack.call('GET', idPath(started.body.id), { role: 'viewer' })).body;
    // The actor is the immutable object id; the name rides along for display only.
    expect(status.events.find((e: { type: string }) => e.type === 'approval.approved')).toMatchObject({
      actor: releaseManager.oid,
      reason: 'signed in through Entra',
      details: { actorName: 'ada@contoso.example' },
    });
    await waitState(watcher, 'Succeeded', 10_000);
    expect(issuer.redeemed).toBe(2);
  });

  it.each<[string, IssuedUser, Tampering, RegExp]>([
    ['a tampered state', releaseManager, { state: 'forged-state' }, /\(state\)/],
    ['a tampered nonce', releaseManager, { nonce: 'another-nonce' }, /nonce/],
    ['an expired ID token', releaseManager, { expiresIn: -600 }, /not valid \("exp" claim timestamp check failed\)/],
    [
      'an ID token for another audience',
      releaseManager,
      { audience: randomUUID() },
      /not valid \(unexpected "aud" claim value\)/,
    ],
    [
      'an ID token signed by a key not in the JWKS',
      releaseManager,
      { foreignKey: true },
      /not valid \(signature verification failed\)/,
    ],
    ['an account with no role in the app', { ...viewer, roles: [] }, {}, /no role in this application/],
  ])('refuses %s and signs nobody in', async (_case, user, tampering, reason) => {
    const redeemedBefore = issuer.redeemed;
    const page = await refusedSignIn(user, tampering);
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(reason);
    expect((await page.context().cookies(stack.url)).map((c) => c.name)).not.toContain('rollout_session');
    await page.goto(`${stack.url}/ui`);
    expect(new URL(page.url()).pathname).toBe('/ui/login');
    // A forged state is refused before the code is redeemed.
    expect(issuer.redeemed).toBe(redeemedBefore + (tampering.state ? 0 : 1));
  });
});
