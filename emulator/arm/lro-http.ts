// How operations look on the wire, as core-lro 2.7 polls them (ARM's asynchronous operations:
// https://learn.microsoft.com/azure/azure-resource-manager/management/async-operations): the 201/202 answers with
// Azure-AsyncOperation / Location headers, and the two polling routes, mfeOperationsStatus and mfeOperationResults,
// on the emulator's own host.
import { Router, type Request, type Response } from 'express';
import type { Operation, Operations } from './operations';
import { ArmError, armErrorBody } from './errors';

export interface LroHttpOptions {
  baseUrl: () => string;
  subscriptionId: string;
  location: string;
  /** Retry-After seconds on answers of running operations; omitted when undefined or 0. */
  retryAfterSeconds: () => number | undefined;
}

export type LroShape = 'put' | 'patch' | 'delete' | 'post';

export function apiVersionOf(req: Request): string {
  const raw = (req.query as Record<string, unknown>)['api-version'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return typeof value === 'string' && value ? value : '2022-10-01';
}

export function operationUrl(
  opts: LroHttpOptions,
  op: Operation,
  kind: 'status' | 'result',
  apiVersion: string,
): string {
  const segment = kind === 'status' ? 'mfeOperationsStatus' : 'mfeOperationResults';
  return (
    `${opts.baseUrl()}/subscriptions/${opts.subscriptionId}/providers/Microsoft.MachineLearningServices` +
    `/locations/${opts.location}/${segment}/${op.id}?api-version=${encodeURIComponent(apiVersion)}`
  );
}

/** Sends the first answer of an operation in the shape the SDK expects for its verb. */
export function sendAccepted(
  opts: LroHttpOptions,
  req: Request,
  res: Response,
  op: Operation,
  shape: LroShape,
  body?: unknown,
): void {
  const version = apiVersionOf(req);
  res.setHeader('x-ms-async-operation-timeout', 'PT1H');
  setRetryAfter(opts, res);
  if (shape === 'put') {
    res.setHeader('Azure-AsyncOperation', operationUrl(opts, op, 'status', version));
    res.status(201).json(body);
    return;
  }
  res.setHeader('Location', operationUrl(opts, op, 'result', version));
  if (shape === 'patch') res.setHeader('Azure-AsyncOperation', operationUrl(opts, op, 'status', version));
  res.status(202).end();
}

function setRetryAfter(opts: LroHttpOptions, res: Response): void {
  const seconds = opts.retryAfterSeconds();
  if (seconds) res.setHeader('Retry-After', String(seconds));
}

export function operationsRouter(opts: LroHttpOptions, ops: Operations): Router {
  const router = Router({ mergeParams: true });
  const base = '/subscriptions/:sub/providers/Microsoft.MachineLearningServices/locations/:location';
  const find = (req: Request): Operation => {
    const op = ops.get(String(req.params.id));
    if (!op) throw new ArmError(404, 'ResourceNotFound', `Operation ${req.params.id} was not found.`);
    return op;
  };

  router.get(`${base}/mfeOperationsStatus/:id`, (req, res) => {
    const op = find(req);
    if (op.status === 'InProgress') setRetryAfter(opts, res);
    const statusPath = new URL(operationUrl(opts, op, 'status', apiVersionOf(req))).pathname;
    res.status(200).json({
      id: decodeURIComponent(statusPath),
      name: op.id,
      status: op.status,
      startTime: op.startTime,
      ...(op.endTime ? { endTime: op.endTime } : {}),
      ...(op.error ? { error: { ...op.error, details: [], additionalInfo: [] } } : {}),
    });
  });

  router.get(`${base}/mfeOperationResults/:id`, (req, res) => {
    const op = find(req);
    if (op.status === 'InProgress') {
      setRetryAfter(opts, res);
      res.setHeader('Location', operationUrl(opts, op, 'result', apiVersionOf(req)));
      res.status(202).end();
      return;
    }
    if (op.status === 'Failed') {
      const error = op.error ?? { code: 'InternalServerError', message: 'The operation failed.' };
      res.status(400).json(armErrorBody(error.code, error.message));
      return;
    }
    const result = op.result?.();
    if (result === undefined) res.status(200).end();
    else res.status(200).json(result);
  });
  return router;
}
