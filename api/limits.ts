// Abuse resistance: per-caller rate limits on the routes that cost Azure reads or write (dry runs; starts, controls,
// schedules), and caps on open event streams per caller and in all. Counted per API instance (no shared store):
// behind N instances a caller gets up to N times each limit.
import type { RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { principalOf } from './auth';
import { ApiError } from './errors';

/** At most `perMinute` requests of this kind per caller; the next answers 429 with Retry-After. */
export function perCallerLimit(kind: 'dry run' | 'write', perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (_req, res) => `${kind}:${principalOf(res).name}`,
    handler: (_req, res, next) => {
      const caller = principalOf(res).name;
      next(new ApiError('RateLimited', `${caller} sent more than ${perMinute} ${kind} requests in a minute`));
    },
  });
}

export interface StreamSlots {
  /** Takes a slot for the caller, or throws RateLimited; the slot is given back when the response closes. */
  take(res: Response): void;
  open(): number;
}

export function streamSlots(perCaller: number, total: number): StreamSlots {
  const byCaller = new Map<string, number>();
  let open = 0;
  return {
    take(res) {
      const caller = principalOf(res).name;
      const mine = byCaller.get(caller) ?? 0;
      if (mine >= perCaller || open >= total) {
        res.set('Retry-After', '30');
        const which =
          mine >= perCaller ? `${caller} has ${mine} open (at most ${perCaller})` : `${open} are open in all`;
        throw new ApiError('RateLimited', `too many event streams: ${which}; close one or retry later`);
      }
      byCaller.set(caller, mine + 1);
      open += 1;
      res.once('close', () => {
        open -= 1;
        const left = (byCaller.get(caller) ?? 1) - 1;
        if (left > 0) byCaller.set(caller, left);
        else byCaller.delete(caller);
      });
    },
    open: () => open,
  };
}
