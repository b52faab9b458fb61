// "Sign in with Microsoft" for the dashboard: /ui/auth/entra sends the browser to the identity platform with a fresh
// attempt (state, nonce, PKCE verifier in a short-lived signed cookie); the callback checks the state, redeems the code
// and signs the user in with the same session cookie as a bearer token.
import { timingSafeEqual } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { ENTRA_CALLBACK_PATH, ENTRA_START_PATH } from '../config';
import { SignInRefused, newAttempt, type OidcClient, type SignInAttempt } from '../oidc';
import { html, page } from './html';
import { loginPage } from './pages';
import { cookieOf, setSessionCookie, type SessionCodec } from './session';

const ATTEMPT_COOKIE = 'rollout_entra_attempt';
const ATTEMPT_PURPOSE = 'entra sign-in attempt';
const ATTEMPT_TTL_MS = 10 * 60_000;

export interface EntraSignInDeps {
  oidc: OidcClient;
  session: SessionCodec;
  log: Logger;
  send: (res: Response, status: number, body: string) => void;
}

const sameText = (a: string, b: string) => {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The attempt the cookie carries, when it is ours, unexpired and its state is the one the callback received. */
export function attemptFor(
  session: SessionCodec,
  cookie: string | undefined,
  state: string,
): SignInAttempt | undefined {
  const data = cookie ? session.unseal(ATTEMPT_PURPOSE, cookie) : undefined;
  const attempt = data as Partial<SignInAttempt> | undefined;
  if (typeof attempt?.state !== 'string' || typeof attempt.nonce !== 'string') return undefined;
  if (typeof attempt.verifier !== 'string' || !sameText(attempt.state, state)) return undefined;
  return { state: attempt.state, nonce: attempt.nonce, verifier: attempt.verifier };
}

export function entraSignInRouter({ oidc, session, log, send }: EntraSignInDeps): Router {
  const router = Router();
  // Lax, not Strict: the cookie must come back on the identity platform's redirect, a cross-site navigation.
  const attemptCookie = { httpOnly: true, sameSite: 'lax', path: ENTRA_CALLBACK_PATH } as const;
  const refuse = (res: Response, status: number, message: string) =>
    send(res, status, page({ title: 'Sign in', body: loginPage(`Microsoft sign-in failed: ${message}`, true) }));

  router.get(ENTRA_START_PATH, async (req, res, next) => {
    try {
      const attempt = newAttempt();
      const target = await oidc.authorizeUrl(attempt);
      res.cookie(ATTEMPT_COOKIE, session.seal(ATTEMPT_PURPOSE, attempt, ATTEMPT_TTL_MS), {
        ...attemptCookie,
        secure: req.secure,
        maxAge: ATTEMPT_TTL_MS,
      });
      res.redirect(303, target);
    } catch (error) {
      log.error({ err: error }, 'entra sign-in unavailable');
      next(error);
    }
  });

  router.get(ENTRA_CALLBACK_PATH, async (req: Request, res: Response) => {
    const query = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : '');
    res.clearCookie(ATTEMPT_COOKIE, attemptCookie); // one callback per attempt
    const attempt = attemptFor(session, cookieOf(req, ATTEMPT_COOKIE), query('state'));
    if (!attempt) {
      log.warn('entra sign-in refused: state does not match this browser');
      return refuse(res, 400, 'the response does not belong to a sign-in started here (state). Try again.');
    }
    if (query('error')) return refuse(res, 401, query('error_description') || query('error'));
    if (!query('code')) return refuse(res, 400, 'no authorization code');
    try {
      const principal = await oidc.redeem(query('code'), attempt);
      setSessionCookie(req, res, session, principal);
      log.info({ actor: principal.name, roles: principal.roles }, 'dashboard sign-in with entra');
      // A page, not a redirect: a redirect would still count as the identity platform's cross-site navigation, and
      // the browser would hold back the SameSite=Strict session cookie on it.
      send(res, 200, signedInPage());
    } catch (error) {
      if (!(error instanceof SignInRefused)) throw error;
      log.warn({ reason: error.message }, 'entra sign-in refused');
      refuse(res, 401, error.message);
    }
  });
  return router;
}

const signedInPage = () =>
  page({
    title: 'Signed in',
    refreshTo: '/ui',
    body: html`<h1>Signed in</h1>
      <p><a href="/ui">Continue to the dashboard</a></p>`,
  });
