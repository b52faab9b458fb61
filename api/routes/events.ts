// GET /rollouts/{id}/events: server-sent events with the rollout's progress until it ends.
import { Router, type Request, type Response } from 'express';
import { isTerminal, type RolloutEvent, type RolloutStatus } from '../../domain/status';
import { principalOf, requireAction } from '../auth';
import { redactValue, seesEverything } from '../redact';
import type { RouteContext } from '../context';
import { toApiError } from '../errors';
import { resolveRolloutId } from '../targets';

const POLL_MS = 1_000;
const KEEPALIVE_MS = 15_000;
const MAX_FAILURES = 30;

export function eventsRouter(ctx: RouteContext): Router {
  const router = Router();
  router.get('/rollouts/:id/events', requireAction('read'), (req, res) => streamEvents(ctx, req, res));
  return router;
}

function send(res: Response, event: string, data: unknown) {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

async function streamEvents(ctx: RouteContext, req: Request, res: Response) {
  const whole = seesEverything(principalOf(res).roles);
  const id = resolveRolloutId(String(req.params.id), ctx.config.defaults);
  ctx.streams.take(res);
  await ctx.gateway.describe(id); // 404 before the stream opens
  res.status(200).set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  res.flushHeaders();
  let closed = false;
  req.on('close', () => {
    closed = true;
  });
  let seenEvents = 0;
  let lastUpdate = '';
  let lastBeat = Date.now();
  let failures = 0;
  while (!closed && failures < MAX_FAILURES) {
    let status: RolloutStatus;
    try {
      // No run id: a rollout that continued as new is followed into its next run.
      status = await ctx.gateway.status(id);
      failures = 0;
    } catch (error) {
      failures++;
      send(res, 'error', { code: toApiError(error).code, message: toApiError(error).message });
      await sleep(POLL_MS * 2);
      continue;
    }
    const fresh = eventsSince(status, seenEvents);
    for (const event of fresh.events) send(res, 'event', whole ? event : redactValue(event));
    seenEvents = fresh.seen;
    if (status.updatedAt !== lastUpdate) {
      lastUpdate = status.updatedAt;
      const { events: _events, ...rest } = status;
      send(res, 'status', rest);
    }
    if (isTerminal(status.state)) {
      send(res, 'end', { state: status.state, outcome: status.outcome });
      break;
    }
    if (Date.now() - lastBeat > KEEPALIVE_MS) {
      res.write(': keep-alive\n\n');
      lastBeat = Date.now();
    }
    await sleep(POLL_MS);
  }
  res.end();
}

/**
 * The events after the first `seen` the rollout ever recorded. Older events fold out of the list
 * (workflows/fold.ts), so the count starts at the first event ever, folded ones included; events that folded before
 * they were sent are skipped (their counts are in `status.folded`).
 */
export function eventsSince(status: RolloutStatus, seen: number): { events: RolloutEvent[]; seen: number } {
  const folded = status.folded?.events ?? 0;
  return { events: status.events.slice(Math.max(0, seen - folded)), seen: folded + status.events.length };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
