// The dashboard's Entra sign-in routes with a fake OpenID Connect client: the attempt cookie, the state check before
// any redemption, the identity platform's errors, and the session cookie on success.
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import type { Principal } from '../../../api/auth';
import type { OidcClient, SignInAttempt } from '../../../api/oidc';
import { SignInRefused } from '../../../api/oidc';
import { attemptFor, entraSignInRouter } from '../../../api/ui/entra-sign-in';
import { SESSION_COOKIE, createSessionCodec } from '../../../api/ui/session';

const KEY = 'k'.repeat(40);
const ada: Principal = { name: 'oid-1', displayName: 'ada@contoso.example', roles: ['viewer'], via: 'entra' };

function appWith(redeem: OidcClient['redeem']) {
  const session = createSessionCodec(KEY);
  const redeemed: Array<{ code: string; attempt: SignInAttempt }> = [];
  const oidc: OidcClient = {
    authorizeUrl: async (a) => `https://login.example/authorize?state=${a.state}`,
    redeem: async (code, attempt) => {
      redeemed.push({ code, attempt });
      return redeem(code, attempt);
    },
  };
  const app = express().use(
    entraSignInRouter({ oidc, session, log: pino({ level: 'silent' }), send: (res, s, b) => res.status(s).send(b) }),
  );
  return { app, session, redeemed };
}

/** Starts an attempt: its cookie (as the browser sends it back) and the state the identity platform got. */
async function start(app: express.Express) {
  const res = await request(app).get('/ui/auth/entra').expect(303);
  const setCookie = String(res.headers['set-cookie']);
  const state = new URL(res.headers.location).searchParams.get('state')!;
  return { setCookie, cookie: setCookie.split(';')[0], state };
}

describe('the Entra sign-in routes', () => {
  it('keeps the attempt in a short-lived HttpOnly, SameSite=Lax cookie scoped to the callback', async () => {
    const { setCookie, state } = await start(appWith(async () => ada).app);
    expect(state).toMatch(/^[\w-]{43}$/);
    expect(setCookie).toMatch(/^rollout_entra_attempt=/);
    expect(setCookie).toMatch(/Max-Age=600; Path=\/ui\/auth\/entra\/callback;.*HttpOnly; SameSite=Lax/);
  });

  it('signs in with the session cookie on a matching state, through a page that goes on to /ui', async () => {
    const { app, session, redeemed } = appWith(async () => ada);
    const { cookie, state } = await start(app);
    const res = await request(app).get(`/ui/auth/entra/callback?code=c1&state=${state}`).set('cookie', cookie);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<meta http-equiv="refresh" content="0;url=/ui">');
    expect(redeemed).toEqual([{ code: 'c1', attempt: expect.objectContaining({ state }) }]);
    const cookies = [res.headers['set-cookie']].flat().map(String);
    expect(cookies.find((c) => c.startsWith('rollout_entra_attempt=;'))).toBeDefined(); // used once
    const sessionCookie = cookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(sessionCookie).toMatch(/HttpOnly; SameSite=Strict/);
    expect(session.read(decodeURIComponent(sessionCookie.split(';')[0].split('=')[1]))).toEqual(ada);
  });

  it.each([
    ['another state', (s: string) => `code=c1&state=${s}x`, true],
    ['no attempt cookie', (s: string) => `code=c1&state=${s}`, false],
  ])('refuses %s before redeeming anything', async (_case, query, withCookie) => {
    const { app, redeemed } = appWith(async () => ada);
    const { cookie, state } = await start(app);
    const res = await request(app)
      .get(`/ui/auth/entra/callback?${query(state)}`)
      .set('cookie', withCookie ? cookie : '');
    expect(res.status).toBe(400);
    expect(res.text).toContain('(state)');
    expect(redeemed).toEqual([]);
    expect(String(res.headers['set-cookie'])).not.toContain(SESSION_COOKIE);
  });

  it("shows the identity platform's error, and a refused redemption, without a session", async () => {
    const { app } = appWith(async () => {
      throw new SignInRefused('the ID token is not valid (expired)');
    });
    const first = await start(app);
    const denied = await request(app)
      .get(
        `/ui/auth/entra/callback?error=access_denied&error_description=AADSTS50105+not+assigned&state=${first.state}`,
      )
      .set('cookie', first.cookie);
    expect(denied.status).toBe(401);
    expect(denied.text).toContain('Microsoft sign-in failed: AADSTS50105 not assigned');
    const second = await start(app);
    const refused = await request(app)
      .get(`/ui/auth/entra/callback?code=c2&state=${second.state}`)
      .set('cookie', second.cookie);
    expect(refused.status).toBe(401);
    expect(refused.text).toContain('the ID token is not valid (expired)');
    expect(String(refused.headers['set-cookie'])).not.toContain(`${SESSION_COOKIE}=`);
  });
});

describe('attemptFor', () => {
  const session = createSessionCodec(KEY);
  const attempt: SignInAttempt = { state: 'st', nonce: 'no', verifier: 've' };
  const sealed = session.seal('entra sign-in attempt', attempt, 60_000);

  it.each([
    ['the sealed attempt and its state', sealed, 'st', attempt],
    ['another state', sealed, 'su', undefined],
    ['no cookie', undefined, 'st', undefined],
    ['a cookie sealed for another purpose', session.seal('other', attempt, 60_000), 'st', undefined],
    [
      'a cookie sealed with another key',
      createSessionCodec('x'.repeat(40)).seal('entra sign-in attempt', attempt, 60_000),
      'st',
      undefined,
    ],
    ['an expired attempt', session.seal('entra sign-in attempt', attempt, -1), 'st', undefined],
  ])('%s', (_case, cookie, state, expected) => {
    expect(attemptFor(session, cookie, state)).toEqual(expected);
  });
});
