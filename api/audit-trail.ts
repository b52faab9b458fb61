// Every state-changing request (any method but GET, HEAD and OPTIONS) and every refusal (401, 403, 409 on any
// method) is appended to the audit log before its response is sent, under the route's documented template: routes
// added later are covered without remembering to. Routes may name the actor or target in `res.locals`.
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { AuditRecord } from '../store/audit-log';
import { SAFE_METHODS } from './ui/session';

/** Where the API appends; the store's AuditLog, or a fake in tests. */
export interface AuditSink {
  append(record: AuditRecord): Promise<unknown>;
}

/** What a route or the error handler may add to its request's entry. */
export interface AuditLocals {
  principal?: { name: string };
  /** The dashboard's signed-in principal (api/ui/router.ts). */
  ui?: { principal?: { name: string } };
  auditActor?: string;
  auditTarget?: string;
  auditReason?: string;
}

const REFUSALS = [401, 403, 409];
const REQUEST_ID = /^[\w.:-]{1,100}$/;

const decoded = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

export const auditLocals = (res: Response) => res.locals as AuditLocals;

/** A documented path template with a matcher capturing its parameters. */
function templates(paths: Record<string, object>) {
  return Object.keys(paths).map((template) => {
    const source = template
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('([^/]+)');
    return { template, pattern: new RegExp(`^${source}/?$`, 'i') };
  });
}

export function auditTrail(sink: AuditSink, paths: Record<string, object>, log: Logger) {
  const table = templates(paths);
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.get('x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.set('X-Request-Id', requestId);
    const json = res.json.bind(res);
    let createdId: string | undefined;
    res.json = (body?: unknown) => {
      const id = (body as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string') createdId = id;
      return json(body);
    };
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    let recorded = false;
    res.end = ((...args: unknown[]) => {
      const status = res.statusCode;
      if (recorded || (SAFE_METHODS.includes(req.method) && !REFUSALS.includes(status))) return end(...args);
      recorded = true;
      const route = table.find((row) => row.pattern.test(req.path));
      const param = route && route.pattern.exec(req.path)?.[1];
      const locals = auditLocals(res);
      const bodyReason = (req.body as { reason?: unknown } | undefined)?.reason;
      const record: AuditRecord = {
        actor: locals.principal?.name ?? locals.ui?.principal?.name ?? locals.auditActor ?? 'anonymous',
        action: `${req.method} ${route?.template ?? req.path}`,
        target: locals.auditTarget ?? createdId ?? (param ? decoded(param) : req.path),
        requestId,
        outcome: status,
        reason: locals.auditReason ?? (typeof bodyReason === 'string' ? bodyReason : undefined),
        source: 'api',
      };
      // The response waits for the line on disk: no acknowledged change without its audit entry.
      sink
        .append(record)
        .catch((err: unknown) => log.error({ err, audit: record }, 'audit append failed'))
        .finally(() => end(...args));
      return res;
    }) as Response['end'];
    next();
  };
}
