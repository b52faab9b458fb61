// Pure window arithmetic over admin rules (croner does the cron and time zone work, DST included): whether a rule is
// active at an instant, and when a rollout held by the rules may go on. Times are instants (ms since the epoch); the
// caller passes `at`, so the same answer comes back in tests, the workflow's activity and the API's dry run.
import { Cron } from 'croner';
import { durationMs } from './duration';
import { inScope, type WindowRule } from './window-rules';

/** Why a rollout may not increase exposure at `at`, and when it may (undefined: no rule ever opens it). */
export interface WindowHold {
  ruleId: string;
  effect: 'allow' | 'deny';
  reason: string;
  opensAt?: string;
}

export type WindowCheck = { open: true } | { open: false; hold: WindowHold };

/** How far ahead an opening is looked for: past it, a hold has no known end. */
const HORIZON_MS = 400 * 86_400_000;
/** Cron starts merged into one active span at most (a window longer than its period never ends otherwise). */
const MAX_MERGED = 10_000;

interface Span {
  start: number;
  end: number;
}

function cronOf(rule: WindowRule, pattern: string): Cron {
  return new Cron(pattern, { timezone: rule.timeZone, paused: true });
}

/** The first start strictly after `after`, or undefined. */
function nextStart(rule: WindowRule, after: number): number | undefined {
  const when = rule.when;
  const next = cronOf(rule, when.kind === 'cron' ? when.cron : when.start).nextRun(new Date(after));
  return next ? next.getTime() : undefined;
}

function lengthMs(rule: WindowRule, start: number): number {
  const when = rule.when;
  if (when.kind === 'cron') return durationMs(when.duration);
  const end = cronOf(rule, when.end).nextRun(new Date(start - 1));
  return end ? Math.max(0, end.getTime() - start) : 0;
}

/** The occurrence of `rule` that covers `at` (overlapping occurrences merged), or undefined. */
export function activeSpan(rule: WindowRule, at: number): Span | undefined {
  const longest = rule.when.kind === 'cron' ? durationMs(rule.when.duration) : HORIZON_MS;
  let start = nextStart(rule, at - longest - 1);
  while (start !== undefined && start <= at) {
    const end = start + lengthMs(rule, start);
    if (end > at) return merged(rule, { start, end });
    start = nextStart(rule, start);
  }
  return undefined;
}

function merged(rule: WindowRule, span: Span): Span {
  let { start, end } = span;
  for (let i = 0; i < MAX_MERGED; i++) {
    const next = nextStart(rule, start);
    if (next === undefined || next > end || end - span.start > HORIZON_MS) break;
    start = next;
    end = Math.max(end, next + lengthMs(rule, next));
  }
  return { start: span.start, end };
}

/** What holds a rollout on `target` at `at`: an active deny rule first, else allow rules none of which is open. */
export function checkWindows(
  rules: readonly WindowRule[],
  target: { endpoint: string; workspace: string },
  at: number,
): WindowCheck {
  const scoped = rules.filter((rule) => inScope(rule, target));
  const first = blockerAt(scoped, at);
  if (!first) return { open: true };
  const opensAt = openingAfter(scoped, at);
  return {
    open: false,
    hold: {
      ruleId: first.rule.id,
      effect: first.rule.effect,
      reason: first.rule.reason,
      ...(opensAt !== undefined ? { opensAt: new Date(opensAt).toISOString() } : {}),
    },
  };
}

interface Blocker {
  rule: WindowRule;
  /** When this blocker stops holding, as far as it alone goes. */
  until: number | undefined;
}

function blockerAt(rules: readonly WindowRule[], at: number): Blocker | undefined {
  for (const rule of rules.filter((r) => r.effect === 'deny')) {
    const span = activeSpan(rule, at);
    if (span) return { rule, until: span.end };
  }
  const allows = rules.filter((r) => r.effect === 'allow');
  if (allows.length === 0 || allows.some((rule) => activeSpan(rule, at))) return undefined;
  // The allow rule that opens first explains the hold.
  let first: Blocker = { rule: allows[0], until: undefined };
  for (const rule of allows) {
    const start = nextStart(rule, at);
    if (start !== undefined && (first.until === undefined || start < first.until)) first = { rule, until: start };
  }
  return first;
}

/** The first instant at or after `at` when nothing holds, within the horizon. */
export function openingAfter(rules: readonly WindowRule[], at: number): number | undefined {
  let t = at;
  for (let step = 0; step < 1000 && t - at <= HORIZON_MS; step++) {
    const blocker = blockerAt(rules, t);
    if (!blocker) return t;
    if (blocker.until === undefined || blocker.until <= t) return undefined;
    t = blocker.until;
  }
  return undefined;
}
