// The query window and its buckets. Azure Monitor keeps platform metrics as one-minute aggregates only (the metrics
// grain; shorter in the emulator's accelerated clock): a window is narrowed to the whole grains inside it, buckets
// are whole grains, and an interval must be one of Azure's time grains. See README.md, "Metrics as Azure serves them".
import { badRequest } from './errors';
import { parseIsoDuration } from './iso-duration';

export interface Window {
  start: number;
  end: number;
}

export interface Bucket extends Window {
  /** The whole grains of the bucket, in order. */
  grains: Window[];
}

const MINUTE = 60_000;
const MAX_GRAINS = 100_000;

/** Azure's time grains as multiples of its one-minute grain: PT1M, PT5M, PT15M, PT30M, PT1H, PT6H, PT12H, P1D. */
export const TIME_GRAIN_MULTIPLES = [1, 5, 15, 30, 60, 360, 720, 1440] as const;

/** `start/end`, `start/duration`, `duration/end` or a bare `duration` (ending now). Default: the last hour. */
export function parseTimespan(timespan: string | undefined, now: number): Window {
  if (timespan === undefined || timespan.trim() === '') return { start: now - 60 * MINUTE, end: now };
  const parts = timespan.split('/');
  if (parts.length === 1) return fromDuration(timespan, now);
  if (parts.length !== 2) throw badRequest(`Invalid timespan "${timespan}": expected start/end.`);
  const [a, b] = parts;
  const start = parseTime(a) ?? (parseTime(b) ?? NaN) - (parseIsoDuration(a) ?? NaN);
  const end = parseTime(b) ?? start + (parseIsoDuration(b) ?? NaN);
  return checkWindow({ start, end }, `timespan "${timespan}"`);
}

export function windowFromBounds(starttime: string | undefined, endtime: string | undefined, now: number): Window {
  const end = endtime === undefined ? now : parseTime(endtime);
  const start = starttime === undefined ? (end ?? now) - 60 * MINUTE : parseTime(starttime);
  if (start === undefined || end === undefined) {
    throw badRequest(`Invalid starttime/endtime "${starttime}"/"${endtime}": expected ISO 8601 date-times.`);
  }
  return checkWindow({ start, end }, 'starttime/endtime');
}

/** An interval: 'FULL' (one bucket over the window) or milliseconds, a multiple of the grain. */
export type Interval = 'FULL' | number;

/**
 * `FULL` or one of Azure's time grains (default: the grain itself). Anything else, including any duration below
 * the grain, is refused as Azure refuses it: 400 BadRequest "Invalid time grain duration: PT30S, supported ones
 * are: 00:01:00,00:05:00,...". With an accelerated grain the supported list scales with it.
 */
export function parseInterval(interval: string | undefined, grainMs: number = MINUTE): Interval {
  if (interval === undefined || interval === '') return grainMs;
  if (interval.toUpperCase() === 'FULL') return 'FULL';
  const ms = parseIsoDuration(interval);
  const supported = TIME_GRAIN_MULTIPLES.map((k) => k * grainMs);
  if (ms === undefined || !supported.includes(ms)) {
    const list = supported.map(timeSpanText).join(',');
    throw badRequest(`Invalid time grain duration: ${interval}, supported ones are: ${list}`);
  }
  return ms;
}

/** The part of the window made of whole grains: the start rounded up, the end rounded down to the grain. */
export function wholeGrains(window: Window, grainMs: number = MINUTE): Window {
  return { start: Math.ceil(window.start / grainMs) * grainMs, end: Math.floor(window.end / grainMs) * grainMs };
}

/**
 * Buckets over the whole grains of the window, the first starting at its first whole grain; FULL is one bucket.
 * A grain the window covers only in part is left out (no data point, none of its requests), so a window shorter
 * than a grain has no buckets at all.
 */
export function buckets(window: Window, interval: Interval, grainMs: number = MINUTE): Bucket[] {
  const whole = wholeGrains(window, grainMs);
  if (whole.end <= whole.start) return [];
  if ((whole.end - whole.start) / grainMs > MAX_GRAINS) {
    throw badRequest(`The timespan is too long for the interval: more than ${MAX_GRAINS} data points.`);
  }
  const step = interval === 'FULL' ? whole.end - whole.start : interval;
  return split(whole, step).map((b) => ({ ...b, grains: split(b, grainMs) }));
}

function split(w: Window, step: number): Window[] {
  const out: Window[] = [];
  for (let s = w.start; s < w.end; s += step) out.push({ start: s, end: Math.min(s + step, w.end) });
  return out;
}

/** .NET TimeSpan text, as Azure's error message lists time grains: 00:01:00, 06:00:00, 1.00:00:00. */
export function timeSpanText(ms: number): string {
  const s = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const days = Math.floor(s / 86_400);
  const fraction = ms % 1000 === 0 ? '' : `.${String(ms % 1000).padStart(3, '0')}`;
  const clock = `${pad(Math.floor((s % 86_400) / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}${fraction}`;
  return days > 0 ? `${days}.${clock}` : clock;
}

/** ISO 8601 text of a grain-multiple interval, as the answers echo it: PT1M, PT10S, PT1H, P1D. */
export function isoDurationText(ms: number): string {
  if (ms % 86_400_000 === 0) return `P${ms / 86_400_000}D`;
  if (ms % 3_600_000 === 0) return `PT${ms / 3_600_000}H`;
  if (ms % MINUTE === 0) return `PT${ms / MINUTE}M`;
  return `PT${ms / 1000}S`;
}

function fromDuration(text: string, now: number): Window {
  const ms = parseIsoDuration(text);
  if (ms === undefined) throw badRequest(`Invalid timespan "${text}": expected start/end or an ISO 8601 duration.`);
  return { start: now - ms, end: now };
}

function parseTime(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return undefined;
  const t = Date.parse(text.trim());
  return Number.isNaN(t) ? undefined : t;
}

function checkWindow(w: Window, what: string): Window {
  if (!Number.isFinite(w.start) || !Number.isFinite(w.end)) throw badRequest(`Invalid ${what}: cannot read the dates.`);
  if (w.start >= w.end) throw badRequest(`Invalid ${what}: the start must be before the end.`);
  return w;
}
