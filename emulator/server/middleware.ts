// Request plumbing in front of the ARM and metrics routes: the `//` path prefix of the old metrics client,
// the Bearer requirement, the api-version parameter, and injected control-plane faults.
import type { RequestHandler } from 'express';
import { ArmError, conflict, sendArmError } from '../arm/errors';
import type { FaultState } from '../control/fault-state';

/** `GET //subscriptions/…` (MetricsQueryClient) is routed as `/subscriptions/…`. */
export const collapseSlashes: RequestHandler = (req, _res, next) => {
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  if (path.includes('//')) req.url = path.replace(/\/{2,}/g, '/') + (q < 0 ? '' : req.url.slice(q));
  next();
};

export const requireBearer: RequestHandler = (req, res, next) => {
  if (/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) return next();
  res.setHeader(
    'WWW-Authenticate',
    'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
  );
  sendArmError(
    res,
    new ArmError(
      401,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing or is not a Bearer token.",
    ),
  );
};

/** Any api-version is accepted (also sent as `api%2Dversion`, which the query parser decodes); a missing one is not. */
export const requireApiVersion: RequestHandler = (req, res, next) => {
  const keys = Object.keys(req.query as object).map((k) => k.toLowerCase());
  if (keys.includes('api-version') || /[?&]api(-|%2D)version=/i.test(req.url)) return next();
  sendArmError(
    res,
    new ArmError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    ),
  );
};

/** Injected slow responses: the call waits before it is handled (the client's timeouts still apply). */
export function slowResponses(faults: FaultState): RequestHandler {
  return (req, _res, next) => {
    const delayMs = faults.responseDelayMs(req.method, req.baseUrl + req.path);
    if (delayMs > 0) setTimeout(next, delayMs);
    else next();
  };
}

export function armFaults(faults: FaultState): RequestHandler {
  return (req, res, next) => {
    const fault = faults.armFault(req.method, req.baseUrl + req.path);
    if (!fault) return next();
    if (fault.kind === 'throttle') {
      return sendArmError(
        res,
        new ArmError(
          429,
          'TooManyRequests',
          'The request was throttled (injected fault); retry after the indicated time.',
          fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) },
        ),
      );
    }
    if (fault.kind === 'conflict') {
      return sendArmError(
        res,
        conflict('An operation is already in progress on this resource (injected fault); retry when it has finished.'),
      );
    }
    sendArmError(
      res,
      new ArmError(fault.status, 'InternalServerError', `Injected fault: the service answered ${fault.status}.`),
    );
  };
}
