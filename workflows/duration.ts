// Plan durations ('250ms', '30s', '5m', '1h', '1d') to milliseconds. Pure, so workflow and tests share it.

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function durationMs(value: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(value);
  if (!match) throw new Error(`duration '${value}' must look like '30s', '5m' or '1h'`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
