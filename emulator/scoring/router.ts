// The scoring data plane: POST /inference/:endpoint/score, routed by traffic weights, mirrored, recorded.
import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { DataPlaneContext } from '../data-plane-context';
import type { RequestBody } from './model-input';
import { authorized } from './auth';
import { InFlight } from './in-flight';
import { sendError, sendResult } from './responses';
import { route } from './routing';
import { serve } from './serve';

export interface ScoringRouterOptions {
  /** Larger bodies get 413 (default 1 MiB). */
  bodyLimitBytes?: number;
}

export const NO_DEPLOYMENT_MESSAGE = "The endpoint doesn't have any valid deployment with positive weight.";

export function createScoringRouter(ctx: DataPlaneContext, options: ScoringRouterOptions = {}): express.Router {
  const router = express.Router();
  const inFlight = new InFlight();
  const body = express.raw({ type: () => true, limit: options.bodyLimitBytes ?? 1024 * 1024 });
  const handler: RequestHandler = (req, res) => score(ctx, inFlight, req, res);
  router.post('/inference/:endpoint/score', body, handler, bodyErrors);
  return router;
}

async function score(ctx: DataPlaneContext, inFlight: InFlight, req: Request, res: Response): Promise<void> {
  const at = ctx.now();
  const requestId = randomUUID();
  res.setHeader('x-request-id', requestId);
  res.setHeader('x-ms-request-id', requestId);
  res.setHeader('server', 'azureml-frontdoor');
  const endpoint = ctx.getEndpoint(String(req.params.endpoint));
  if (!endpoint) return sendError(res, 404, 'EndpointNotFound', `Endpoint '${req.params.endpoint}' was not found.`);
  if (!authorized(ctx, endpoint, req.headers.authorization)) {
    return sendError(
      res,
      401,
      'Unauthorized',
      'Missing or invalid credentials: send Authorization: Bearer <key or token>.',
    );
  }
  const header = req.header('azureml-model-deployment');
  const target = route(endpoint, header === undefined || header === '' ? undefined : header, ctx.random);
  if (target.kind === 'no-deployment') return sendError(res, 404, 'NoValidDeployment', NO_DEPLOYMENT_MESSAGE);
  if (target.kind === 'unknown-deployment') {
    return sendError(
      res,
      404,
      'DeploymentNotFound',
      `Deployment '${target.deployment}' is not a ready deployment of this endpoint.`,
    );
  }
  const body = readBody(req.body);
  if (target.mirror !== undefined) {
    // Fire and forget: the shadow's answer is recorded and discarded, never awaited by the caller.
    void serve(ctx, inFlight, { endpoint, deployment: target.mirror, body, at, mirrored: true }).catch(() => undefined);
  }
  const result = await serve(ctx, inFlight, { endpoint, deployment: target.deployment, body, at, mirrored: false });
  sendResult(res, target.deployment, result);
}

function readBody(raw: unknown): RequestBody {
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
  if (text.trim() === '') return { kind: 'invalid', message: 'The request body is empty; send the JSON input.' };
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch (err) {
    return { kind: 'invalid', message: `The request body is not valid JSON: ${(err as Error).message}` };
  }
}

const bodyErrors: ErrorRequestHandler = (
  err: { type?: string; status?: number; message?: string },
  _req,
  res,
  next,
) => {
  if (err.type === 'entity.too.large')
    return sendError(res, 413, 'PayloadTooLarge', `The request body exceeds the limit: ${err.message}.`);
  if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
    return sendError(res, err.status, 'BadRequest', err.message ?? 'Unreadable request body.');
  }
  next(err);
};
