// Plan durations ('250ms', '30s', '5m', '1h', '1d'): the pattern the plan schema checks and their length in
// milliseconds. Pure, so the workflow, the timeline and tests share it.

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `30s`, `5m`, `1h`, `250ms`: the forms Temporal accepts for timers. */
export const DURATION = /^\d+(?:ms|s|m|h|d)$/;

/** `30s`, `5m`, `250ms` → milliseconds. Throws on a malformed value (the plan schema already refuses those). */
export function durationMs(value: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(value);
  if (!match) throw new Error(`invalid duration '${value}': must look like '30s', '5m' or '1h'`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
