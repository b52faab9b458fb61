// The query window and its buckets: [start, end) cut into intervals aligned to start, each into 1-minute samples.
import { badRequest } from './errors';
import { parseIsoDuration } from './iso-duration';

export interface Window {
  start: number;
  end: number;
}

export interface Bucket extends Window {
  /** The 1-minute sample grains of the bucket, aligned to its start; the last one may be shorter. */
  grains: Window[];
}

const MINUTE = 60_000;
const MAX_GRAINS = 100_000;

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

/** `FULL` (one bucket over the whole window) or an ISO 8601 duration; default PT1M. */
export function parseInterval(interval: string | undefined, window: Window): number {
  if (interval === undefined || interval === '') return MINUTE;
  if (interval.toUpperCase() === 'FULL') return window.end - window.start;
  const ms = parseIsoDuration(interval);
  if (ms === undefined) throw badRequest(`Invalid interval "${interval}": expected an ISO 8601 duration such as PT1M, or FULL.`);
  return ms;
}

/**
 * Buckets start at the query's start (not rounded to the minute) and the last one is cut at the end; grains are
 * 1-minute cuts of each bucket from its own start. So a window shorter than a minute (e.g. a 20 s gate window with
 * interval FULL) is one bucket of one grain, answered exactly from the requests with start <= at < end.
 */
export function buckets(window: Window, intervalMs: number): Bucket[] {
  if ((window.end - window.start) / Math.min(intervalMs, MINUTE) > MAX_GRAINS) {
    throw badRequest(`The timespan is too long for the interval: more than ${MAX_GRAINS} data points.`);
  }
  return split(window, intervalMs).map((b) => ({ ...b, grains: split(b, Math.min(MINUTE, intervalMs)) }));
}

function split(w: Window, step: number): Window[] {
  const out: Window[] = [];
  for (let s = w.start; s < w.end; s += step) out.push({ start: s, end: Math.min(s + step, w.end) });
  return out;
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
