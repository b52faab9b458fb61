// GET /audit (filtered, newest first, paged by cursor; JSON lines with Accept: application/x-ndjson),
// GET /audit/export (every matching entry, oldest first, as JSON lines) and GET /audit/verify (the hash chain).
import { Router, type Request, type Response } from 'express';
import type { AuditEntry, AuditLog } from '../../store/audit-log';
import { requireAction } from '../auth';
import { auditFilterSchema, auditQuerySchema } from '../contract';
import { parseWith, type RouteContext } from '../context';

const NDJSON = 'application/x-ndjson';
type AuditFilter = ReturnType<typeof auditFilterSchema.parse>;

export function auditRouter(ctx: RouteContext, audit: AuditLog): Router {
  const router = Router();
  router.get('/audit', requireAction('audit'), (req, res) => page(audit, req, res));
  router.get('/audit/export', requireAction('audit'), (req, res) => exportAll(audit, req, res));
  router.get('/audit/verify', requireAction('audit'), async (_req, res) => {
    const result = await audit.verify();
    if (!result.ok) ctx.log.error({ audit: result }, 'audit log chain broken');
    res.json(result);
  });
  return router;
}

/** The filter as a predicate; times compare as instants, so any offset works. */
function matcher(filter: AuditFilter): (entry: AuditEntry) => boolean {
  const since = filter.since ? Date.parse(filter.since) : undefined;
  const until = filter.until ? Date.parse(filter.until) : undefined;
  return (e) =>
    (!filter.actor || e.actor === filter.actor) &&
    (!filter.action || e.action.includes(filter.action)) &&
    (!filter.target || e.target.includes(filter.target)) &&
    (!filter.outcome || String(e.outcome) === filter.outcome) &&
    (since === undefined || Date.parse(e.at) >= since) &&
    (until === undefined || Date.parse(e.at) < until);
}

async function page(audit: AuditLog, req: Request, res: Response) {
  const { limit, cursor, ...filter } = parseWith(auditQuerySchema, req.query, 'query');
  const items = await audit.search(matcher(filter), limit + 1, cursor === undefined ? undefined : Number(cursor));
  const more = items.length > limit;
  const shown = items.slice(0, limit);
  if (req.accepts(['application/json', NDJSON]) === NDJSON) return sendLines(res, shown);
  res.json({ items: shown, ...(more ? { nextCursor: String(shown[shown.length - 1].seq) } : {}) });
}

async function exportAll(audit: AuditLog, req: Request, res: Response) {
  const keep = matcher(parseWith(auditFilterSchema, req.query, 'query'));
  res.type(NDJSON).set('Content-Disposition', 'attachment; filename="audit.jsonl"');
  for await (const entry of audit.entries()) if (keep(entry)) res.write(`${JSON.stringify(entry)}\n`);
  res.end();
}

function sendLines(res: Response, entries: AuditEntry[]) {
  res.type(NDJSON).send(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
}
