// The admin API under /_emulator/: the in-process control surface over HTTP (documented in emulator/README.md).
// Optional admin token: when set, requests need `Authorization: Bearer <token>`.
import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { armErrorBody } from '../arm/errors';
import type { EmulatorFaults } from './controller';

export interface AdminOptions {
  adminToken?: string;
  info: () => unknown;
  state: () => unknown;
}

export function adminRouter(control: EmulatorFaults, options: AdminOptions): Router {
  const router = Router();
  router.use(adminAuth(options.adminToken), express.json({ limit: '64kb' }));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test-only admin API: bodies go to the setters as is
  const body = (req: express.Request) => (req.body ?? {}) as Record<string, any>;
  const ok = (res: express.Response) => res.json(control.describe());

  router.get('/info', (_req, res) => res.json(options.info()));
  router.get('/state', (_req, res) => res.json(options.state()));
  router.get('/faults', (_req, res) => ok(res));
  router.delete('/faults', (_req, res) => (control.clear(), ok(res)));
  router.post('/faults/throttle', (req, res) => (control.throttle(body(req)), ok(res)));
  router.post('/faults/server-errors', (req, res) => (control.serverErrors({ count: 1, ...body(req) }), ok(res)));
  router.post('/faults/conflicts', (req, res) => (control.conflicts(body(req)), ok(res)));
  router.post('/faults/slow', (req, res) => (control.slowResponses(body(req) as never), ok(res)));
  router.post('/faults/fail-operation', (req, res) => (control.failNextOperation(body(req) as never), ok(res)));
  router.put('/faults/metrics', (req, res) => {
    const { outage, delayMs } = body(req);
    if (outage !== undefined) control.metricsOutage(Boolean(outage));
    if (delayMs !== undefined) control.metricsDelay(Number(delayMs));
    ok(res);
  });
  router.put('/timing', (req, res) => {
    const { provisioningMs, retryAfterSeconds } = body(req);
    if (provisioningMs !== undefined) control.setProvisioningMs(Number(provisioningMs));
    if (retryAfterSeconds !== undefined)
      control.setRetryAfterSeconds(retryAfterSeconds === null ? undefined : Number(retryAfterSeconds));
    ok(res);
  });
  router.put('/endpoints/:endpoint/deployments/:deployment/behaviour', (req, res) => {
    control.setDeploymentBehaviour(String(req.params.endpoint), String(req.params.deployment), body(req));
    res.json(options.state());
  });
  router.delete('/endpoints/:endpoint/deployments/:deployment/behaviour', (req, res) => {
    control.setDeploymentBehaviour(String(req.params.endpoint), String(req.params.deployment), undefined);
    res.json(options.state());
  });
  router.put('/models/:model/versions/:version/behaviour', (req, res) => {
    control.setModelBehaviour(String(req.params.model), Number(req.params.version), body(req));
    res.json(options.state());
  });
  router.get('/traffic', (_req, res) => res.json(control.traffic.status()));
  router.post('/traffic', async (req, res) => {
    const { rps, endpoint, deployment } = body(req);
    res.json(await control.traffic.start({ rps: Number(rps), endpoint, deployment }));
  });
  router.put('/traffic/rate', (req, res) => res.json(control.traffic.setRate(Number(body(req).rps))));
  router.delete('/traffic', async (_req, res) => res.json(await control.traffic.stop()));
  router.use(adminErrors);
  return router;
}

function adminAuth(token: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (!token || req.headers.authorization === `Bearer ${token}`) return next();
    res
      .status(401)
      .json(armErrorBody('AuthenticationFailed', 'The admin API needs Authorization: Bearer <admin token>.'));
  };
}

const adminErrors: ErrorRequestHandler = (err, _req, res, _next) => {
  const status = typeof err?.status === 'number' && err.status < 500 ? err.status : 400;
  res.status(status).json(armErrorBody('BadArgument', (err as Error).message));
};
