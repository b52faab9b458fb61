// List pagination as ARM does it: `$skip` and a page size (`count` or `$top`), with an absolute nextLink on
// the emulator's own host (the SDK re-appends api-version to it; duplicates are tolerated).
import type { Request } from 'express';
import type { ArmContext } from './context';
import { apiVersionOf } from './lro-http';

const DEFAULT_PAGE = 100;

function intParam(req: Request, ...names: string[]): number | undefined {
  const query = req.query as Record<string, unknown>;
  for (const name of names) {
    const raw = Array.isArray(query[name]) ? (query[name] as unknown[])[0] : query[name];
    const value = typeof raw === 'string' ? Number(raw) : NaN;
    if (Number.isInteger(value) && value >= 0) return value;
  }
  return undefined;
}

export function paginate<T>(req: Request, ctx: ArmContext, items: T[]): { value: T[]; nextLink?: string } {
  const skip = intParam(req, '$skip') ?? 0;
  const size = Math.max(1, intParam(req, 'count', '$top') ?? DEFAULT_PAGE);
  const value = items.slice(skip, skip + size);
  if (skip + size >= items.length) return { value };
  const url = new URL(`${ctx.lro.baseUrl()}${req.baseUrl}${req.path}`);
  url.searchParams.set('api-version', apiVersionOf(req));
  url.searchParams.set('$skip', String(skip + size));
  url.searchParams.set('count', String(size));
  return { value, nextLink: url.toString() };
}
