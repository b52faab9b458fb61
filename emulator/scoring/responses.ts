// The HTTP answers of the scoring frontdoor: Azure's headers and error bodies for each outcome.
import type { Response } from 'express';
import type { ServeResult } from './serve';

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/** Response body of a 200: one `{prediction, probability}` per input row, in row order. */
export function sendResult(res: Response, deployment: string, result: ServeResult): void {
  res.setHeader('azureml-model-deployment', deployment);
  res.setHeader('azureml-model-session', deployment);
  res.setHeader('x-ms-run-function-failed', result.kind === 'ok' ? 'False' : 'True');
  res.setHeader('x-ms-run-fn-exec-ms', result.latencyMs.toFixed(3));
  switch (result.kind) {
    case 'ok':
      res.status(200).json(result.predictions);
      return;
    case 'bad-input':
      sendError(res, 400, 'BadRequest', result.message);
      return;
    case 'model-error':
      res.setHeader('ms-azureml-model-error-statuscode', String(result.modelStatus));
      res.setHeader('ms-azureml-model-error-reason', result.reason);
      sendError(res, 424, 'ModelError', `The model container returned ${result.modelStatus}: ${result.reason}.`);
      return;
    case 'timeout':
      sendError(
        res,
        408,
        'RequestTimeout',
        `The request exceeded the deployment's requestTimeout of ${result.timeoutMs} ms.`,
      );
      return;
    case 'throttled':
      sendError(
        res,
        429,
        'TooManyRequests',
        `More than ${result.limit} requests in flight (2 * maxConcurrentRequestsPerInstance * instanceCount).`,
      );
  }
}
