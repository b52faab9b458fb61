// Plan rules that depend on the metrics provider's clock: a gate can only judge grains that are complete and older
// than the ingestion lag, so an analysis interval shorter than a grain, or a gated stage too short to see even one
// such grain, is refused with the minimum it needs. Pure; the plan-check activity passes the worker's settings.
import type { ErrorDetail } from './errors';
import type { RolloutPlan } from './plan';

export interface MetricsClockSettings {
  grainMs: number;
  lagMs: number;
}

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A plan duration ('30s', '5m'; the schema has checked its form) in milliseconds. */
function durationMs(value: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(value);
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : NaN;
}

const text = (ms: number): string => (ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`);

/** The ingestion lag a rollout reads with: the worker's, raised by the plan's analysis.metricsLag. */
export function effectiveLagMs(plan: RolloutPlan, settings: MetricsClockSettings): number {
  return Math.max(settings.lagMs, plan.analysis.metricsLag ? durationMs(plan.analysis.metricsLag) : 0);
}

/**
 * The shortest gated stage that holds one complete grain: up to one grain until the first grain boundary, then the
 * grain itself. The lag is not part of it: the bake's final gate waits for the lag before it judges (bake.ts), so
 * a stage of this length sees its complete grain after the lag; the lag lengthens the stage instead.
 */
export function minimumGatedMs(_plan: RolloutPlan, settings: MetricsClockSettings): number {
  return 2 * settings.grainMs;
}

export function metricsClockProblems(plan: RolloutPlan, settings: MetricsClockSettings): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const grain = text(settings.grainMs);
  if (durationMs(plan.analysis.interval) < settings.grainMs) {
    out.push({
      path: 'analysis.interval',
      rule: 'analysis.intervalBelowGrain',
      message:
        `must be at least ${grain}: Azure Monitor reports metrics per ${grain} grain, ` +
        'so a shorter interval reads no new data',
    });
  }
  const min = minimumGatedMs(plan, settings);
  const why =
    `the minimum is ${text(min)}: up to ${grain} to the next grain boundary, then one complete ${grain} grain ` +
    `(the final gate then waits the ${text(effectiveLagMs(plan, settings))} ingestion lag to read it)`;
  plan.stages.forEach((stage, i) => {
    const fields: Partial<Record<string, string>> = { canary: 'bake', mirror: 'duration', promote: 'watch' };
    const field = fields[stage.kind];
    if (!field) return;
    const value = (stage as Record<string, unknown>)[field] as string;
    // A promote stage without a watch ('0s') has no gate.
    if (durationMs(value) > 0 && durationMs(value) < min) {
      const message = `${value} is too short to judge: ${why}`;
      out.push({ path: `stages[${i}].${field}`, rule: 'stage.tooShortForMetrics', message });
    }
  });
  return out;
}
