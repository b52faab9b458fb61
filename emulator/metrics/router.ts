// Azure Monitor metrics for the emulated endpoints: the batch API (MetricsClient) and the ARM metrics GET.
import express, { type NextFunction, type Request, type Response } from 'express';
import type { DataPlaneContext } from '../data-plane-context';
import { NAMESPACES } from './catalog';
import { MetricsError, badRequest } from './errors';
import { metricsClockOf, queryResource, type MetricsParams } from './query';
import { resolveResource } from './resource';
import { ThrottledError, type MetricsThrottle } from './throttle';
import { isoDurationText, parseTimespan, windowFromBounds } from './timespan';

const BATCH = /^\/subscriptions\/([^/]+)\/metrics:getBatch$/i;
const ARM = /^(\/subscriptions\/.+)\/providers\/Microsoft\.Insights\/metrics$/i;

type Api = 'batch' | 'arm';

/** The batch API takes up to 50 resource ids per call (README.md, "Metrics throttling"). */
export const MAX_BATCH_RESOURCE_IDS = 50;

export function createMetricsRouter(ctx: DataPlaneContext, throttle?: MetricsThrottle): express.Router {
  const router = express.Router();
  const json = express.json({ limit: '1mb', type: () => true });
  router.use((req: Request, res: Response, next: NextFunction) => {
    const path = req.path.replace(/\/{2,}/g, '/');
    const batch = req.method === 'POST' ? BATCH.exec(path) : null;
    const arm = req.method === 'GET' ? ARM.exec(path) : null;
    if (!batch && !arm) return next();
    const api: Api = batch ? 'batch' : 'arm';
    const run = (): void => {
      try {
        guard(ctx, req);
        throttle?.take(api, batch ? batch[1] : (/^\/subscriptions\/([^/]+)/i.exec(arm![1])?.[1] ?? ''));
        res.json(batch ? answerBatch(ctx, req, batch[1]) : answerArm(ctx, req, arm![1]));
      } catch (err) {
        sendError(res, api, err);
      }
    };
    if (!batch) return run();
    json(req, res, (err?: unknown) =>
      err ? sendError(res, api, badRequest('The request body must be JSON.')) : run(),
    );
  });
  return router;
}

function guard(ctx: DataPlaneContext, req: Request): void {
  if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) {
    throw new MetricsError(
      401,
      'AuthenticationFailed',
      'Authentication failed. The Authorization header is missing or not a Bearer token.',
    );
  }
  if (ctx.metricsFaults().outage) {
    throw new MetricsError(
      503,
      'ServiceUnavailable',
      'Azure Monitor metrics are temporarily unavailable (injected outage).',
    );
  }
}

function answerBatch(ctx: DataPlaneContext, req: Request, subscription: string): unknown {
  const q = queryParams(req);
  const ids = (req.body as { resourceids?: unknown } | undefined)?.resourceids;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) {
    throw badRequest('The body must be {"resourceids": [...]} with at least one resource id.');
  }
  if (ids.length > MAX_BATCH_RESOURCE_IDS) {
    throw badRequest(
      `The request asks for ${ids.length} resource ids; a batch takes at most ${MAX_BATCH_RESOURCE_IDS}.`,
    );
  }
  if (q.metricnamespace === undefined) throw badRequest("The query parameter 'metricnamespace' is required.");
  if (subscription.toLowerCase() !== ctx.subscriptionId.toLowerCase()) {
    throw badRequest(`The resources must belong to subscription '${subscription}' of the request path.`);
  }
  const params = { ...commonParams(q), window: windowFromBounds(q.starttime, q.endtime, ctx.now()) };
  const values = (ids as string[]).map((id) => {
    const resource = resolveResource(ctx, id);
    return {
      starttime: new Date(params.window.start).toISOString(),
      endtime: new Date(params.window.end).toISOString(),
      interval: (params.interval ?? isoDurationText(metricsClockOf(ctx).grainMs)).toUpperCase(),
      namespace: NAMESPACES[resource.scope].toLowerCase(),
      resourceregion: ctx.location,
      resourceid: id,
      value: queryResource(ctx, resource, params),
    };
  });
  return { values };
}

function answerArm(ctx: DataPlaneContext, req: Request, resourceUri: string): unknown {
  const q = queryParams(req);
  const resource = resolveResource(ctx, resourceUri);
  const window = parseTimespan(q.timespan, ctx.now());
  const params: MetricsParams = { ...commonParams(q), filter: q.$filter ?? q.filter, window };
  return {
    cost: 0,
    timespan: `${new Date(window.start).toISOString()}/${new Date(window.end).toISOString()}`,
    interval: (params.interval ?? isoDurationText(metricsClockOf(ctx).grainMs)).toUpperCase(),
    namespace: NAMESPACES[resource.scope],
    resourceregion: ctx.location,
    value: queryResource(ctx, resource, params),
  };
}

function commonParams(q: Record<string, string | undefined>): Omit<MetricsParams, 'window'> {
  if (q.metricnames === undefined || q.metricnames.trim() === '') {
    throw badRequest("The query parameter 'metricnames' is required.");
  }
  return {
    metricnames: q.metricnames.split(','),
    interval: q.interval,
    aggregation: q.aggregation,
    filter: q.filter ?? q.$filter,
    top: q.top,
    orderby: q.orderby,
    metricnamespace: q.metricnamespace,
    rollupby: q.rollupby,
  };
}

/** Query parameters by lower-cased name, first value wins (Express has already decoded `api%2Dversion`). */
function queryParams(req: Request): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.query)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (typeof value === 'string') out[k.toLowerCase()] ??= value;
  }
  return out;
}

function sendError(res: Response, api: Api, err: unknown): void {
  const e = err instanceof MetricsError ? err : new MetricsError(500, 'InternalServerError', String(err));
  const body = { code: e.code, message: e.message };
  if (e instanceof ThrottledError) res.setHeader('Retry-After', String(e.retryAfterSeconds));
  res.status(e.status).json(api === 'batch' ? { error: body } : body);
}
