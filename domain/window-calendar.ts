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
const MAX_MERGED = 200;

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

/** The latest start at or before `at`, or undefined. */
function lastStart(rule: WindowRule, at: number): number | undefined {
  const when = rule.when;
  const [last] = cronOf(rule, when.kind === 'cron' ? when.cron : when.start).previousRuns(1, new Date(at + 1));
  return last ? last.getTime() : undefined;
}

/**
 * The occurrence of `rule` that covers `at`, or undefined: the latest start at or before `at` (every occurrence of a
 * cron rule lasts its duration, a one-off rule has one). Occurrences that overlap it are merged; `end` is Infinity
 * when they go on past MAX_MERGED starts (a window as long as its period: a freeze without a known end).
 */
export function activeSpan(rule: WindowRule, at: number): Span | undefined {
  const start = lastStart(rule, at);
  if (start === undefined) return undefined;
  const end = start + lengthMs(rule, start);
  return end > at ? merged(rule, { start, end }) : undefined;
}

function merged(rule: WindowRule, span: Span): Span {
  let { start, end } = span;
  for (let i = 0; i < MAX_MERGED; i++) {
    const next = nextStart(rule, start);
    if (next === undefined || next > end || end - span.start > HORIZON_MS) return { start: span.start, end };
    start = next;
    end = Math.max(end, next + lengthMs(rule, next));
  }
  return { start: span.start, end: Infinity };
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
    if (blocker.until === undefined || !Number.isFinite(blocker.until) || blocker.until <= t) return undefined;
    t = blocker.until;
  }
  return undefined;
}
