// The dashboard under /ui: sign-in with a bearer token or Entra ID (either gives a signed session cookie), then
// server-rendered pages over the same gateway as the REST routes. The browser script (web/ui.js) follows a rollout
// through GET /rollouts/{id}/events and sends controls to the REST routes with the cookie and the CSRF header.
import { redactEvents, seesEverything } from '../redact';
import { join } from 'node:path';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { parse as parseYaml } from 'yaml';
import type { RolloutPlan } from '../../domain/plan';
import type { RolloutState } from '../../domain/status';
import { buildTimeline } from '../../domain/timeline';
import { auditLocals } from '../audit-trail';
import { listingQuery } from '../rollout-listing';
import type { Principal } from '../auth';
import type { RouteContext } from '../context';
import type { OidcClient } from '../oidc';
import { entraSignInRouter } from './entra-sign-in';
import { STATUS, toApiError } from '../errors';
import { endpointOfId, parsePlan, resolveRolloutId, targetOf } from '../targets';
import { html, page, type Html } from './html';
import {
  homePage,
  homeTables,
  loginPage,
  planPage,
  rolloutLive,
  rolloutPage,
  schedulesPage,
  type RolloutRow,
  type ScheduleRow,
} from './pages';
import { SESSION_COOKIE, cookieOf, setSessionCookie, type SessionCodec } from './session';

const WEB_DIR = join(__dirname, '..', '..', 'web');

export interface UiDeps {
  ctx: RouteContext;
  session: SessionCodec;
  lookupToken: (token: string) => Principal | undefined;
  /** "Sign in with Microsoft", where Entra ID sign-in is configured. */
  oidc?: OidcClient;
}

interface Signed {
  principal: Principal;
  csrf: string;
}

export function uiRouter({ ctx, session, lookupToken, oidc }: UiDeps): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: ctx.config.bodyLimit });
  const plans = new Map<string, RolloutPlan | undefined>();

  router.use('/ui/assets', express.static(WEB_DIR, { fallthrough: false, index: false, maxAge: '5m' }));
  const entra = Boolean(oidc);
  if (oidc) router.use(entraSignInRouter({ oidc, session, log: ctx.log, send }));
  router.get('/ui/login', (_req, res) => send(res, 200, page({ title: 'Sign in', body: loginPage(undefined, entra) })));
  router.post('/ui/login', form, (req, res) => {
    const token = String((req.body as { token?: unknown })?.token ?? '').trim();
    const principal = token ? lookupToken(token) : undefined;
    if (!principal)
      return send(res, 401, page({ title: 'Sign in', body: loginPage('That token is not valid.', entra) }));
    setSessionCookie(req, res, session, principal);
    auditLocals(res).auditActor = principal.name;
    ctx.log.info({ actor: principal.name }, 'dashboard sign-in');
    res.redirect(303, '/ui');
  });

  /** The signed-in principal, or a redirect to the sign-in page. */
  const signedIn = (req: Request, res: Response, next: NextFunction) => {
    const cookie = cookieOf(req, SESSION_COOKIE);
    const principal = cookie ? session.read(cookie) : undefined;
    if (!principal || !cookie) return res.redirect(303, '/ui/login');
    res.locals.ui = { principal, csrf: session.csrfFor(cookie) } satisfies Signed;
    next();
  };
  /** Forms carry the CSRF token as a field (the cookie alone never changes anything). */
  const csrfField = (req: Request, res: Response, next: NextFunction) => {
    const cookie = cookieOf(req, SESSION_COOKIE) ?? '';
    if (!session.csrfMatches(cookie, String((req.body as { csrf?: unknown })?.csrf ?? ''))) {
      return send(res, 403, page({ title: 'Refused', body: errorBody('missing or invalid CSRF token') }));
    }
    next();
  };
  const signed = (res: Response) => res.locals.ui as Signed;
  const render = (res: Response, title: string, body: Html, scripts = ['ui.js']) =>
    send(res, 200, page({ title, body, scripts, ...signed(res) }));

  router.post('/ui/logout', form, signedIn, csrfField, (_req, res) => {
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/ui/login');
  });

  const filterOf = (req: Request) => ({
    endpoint: typeof req.query.endpoint === 'string' && req.query.endpoint ? req.query.endpoint : undefined,
    state: typeof req.query.state === 'string' && req.query.state ? req.query.state : undefined,
  });
  router.get('/ui', signedIn, async (req, res) => {
    const filter = filterOf(req);
    render(res, 'Rollouts', homePage(await rows(ctx, filter), filter));
  });
  router.get('/ui/fragments/home', signedIn, async (req, res) => {
    send(res, 200, homeTables(await rows(ctx, filterOf(req))).text);
  });

  const live = async (req: Request, res: Response) => {
    const id = resolveRolloutId(String(req.params.id), ctx.config.defaults);
    const execution = await ctx.gateway.describe(id);
    const status = await ctx.gateway.statusOf(execution);
    if (!seesEverything(signed(res).principal.roles)) status.events = redactEvents(status.events);
    const key = `${id} ${execution.runId}`;
    if (!plans.has(key)) {
      if (plans.size > 200) plans.clear();
      plans.set(key, await ctx.gateway.planOf(id, execution.runId).catch(() => undefined));
    }
    const plan = plans.get(key);
    const timeline =
      plan &&
      buildTimeline(plan, { baseline: status.baseline || '(baseline)', candidate: status.candidate || '(candidate)' });
    return { id, execution, html: rolloutLive(status, signed(res).principal, plan, timeline) };
  };
  router.get('/ui/rollouts/:id', signedIn, async (req, res) => {
    const { id, execution, html } = await live(req, res);
    const base = ctx.config.ui.temporalUiUrl;
    const temporalUrl =
      base &&
      `${base}/namespaces/${encodeURIComponent(ctx.config.temporal.namespace)}/workflows/${encodeURIComponent(id)}/${encodeURIComponent(execution.runId)}`;
    render(res, endpointOfId(id), rolloutPage(id, execution.runId, html, temporalUrl));
  });
  router.get('/ui/rollouts/:id/fragment', signedIn, async (req, res) => {
    send(res, 200, (await live(req, res)).html.text);
  });

  router.get('/ui/plans', signedIn, (_req, res) => render(res, 'Plan preview', planPage('')));
  router.post('/ui/plans', form, signedIn, csrfField, async (req, res) => {
    const input = String((req.body as { plan?: unknown })?.plan ?? '');
    try {
      let parsed: unknown;
      try {
        parsed = parseYaml(input);
      } catch (error) {
        return render(
          res,
          'Plan preview',
          planPage(input, { error: { message: `not YAML or JSON: ${(error as Error).message}`, details: [] } }),
        );
      }
      const plan = parsePlan(parsed);
      const target = targetOf(plan, ctx.config.defaults);
      const check = await ctx.gateway.checkPlan(target, plan);
      const names = { baseline: check.baseline || '(baseline)', candidate: check.candidateName || '(candidate)' };
      render(
        res,
        'Plan preview',
        planPage(input, {
          preview: {
            endpoint: target.endpoint,
            model: check.model,
            problems: check.problems,
            warnings: check.warnings ?? [],
            timeline: buildTimeline(plan, names, check.endpoint?.traffic),
          },
        }),
      );
    } catch (error) {
      const api = toApiError(error);
      render(res, 'Plan preview', planPage(input, { error: { message: api.message, details: api.details } }));
    }
  });

  router.get('/ui/schedules', signedIn, async (_req, res) => {
    const ids = await ctx.gateway.listScheduleIds();
    const found = await Promise.all(ids.map((id) => ctx.gateway.describeSchedule(id).catch(() => undefined)));
    render(res, 'Schedules', schedulesPage(found.filter((s) => s !== undefined) as ScheduleRow[]));
  });

  // Errors under /ui are pages, not JSON.
  router.use('/ui', (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const api = toApiError(error);
    send(
      res,
      STATUS[api.code],
      page({ title: 'Error', body: errorBody(api.message), ...(res.locals.ui as Signed | undefined) }),
    );
  });
  return router;
}

function send(res: Response, status: number, body: string) {
  res
    .status(status)
    .type('html')
    .set({
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'",
      'X-Content-Type-Options': 'nosniff',
    })
    .send(body);
}

const errorBody = (message: string): Html =>
  html`<h1>Error</h1>
    <p class="error" role="alert">${message}</p>`;

async function rows(ctx: RouteContext, filter: { endpoint?: string; state?: string }): Promise<RolloutRow[]> {
  const byState = filter.state === 'Paused' ? { paused: true } : { state: filter.state };
  const executions = await ctx.gateway.list(listingQuery({ ...byState, endpoint: filter.endpoint }), 50);
  return executions.map(({ id, listing, startedAt, closedAt }): RolloutRow => ({
    id,
    endpoint: endpointOfId(id),
    state: (listing?.state ?? 'Unknown') as RolloutState | 'Unknown',
    paused: listing?.paused,
    model: listing?.model,
    traffic: listing?.traffic,
    startedAt,
    closedAt,
  }));
}
