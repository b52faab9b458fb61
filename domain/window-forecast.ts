// Pure: where deployment windows would hold a plan started now. Walks the timeline with each stage's planned length
// (waits included: a held stage starts when its window opens) and checks every exposure increase at its start.
import type { StageKind } from './plan';
import type { TimelineStep } from './timeline';
import { checkWindows, type WindowCheck, type WindowHold } from './window-calendar';
import type { WindowRule } from './window-rules';

/** The stages that increase the candidate's exposure, and so wait for a window. */
export const EXPOSING_STAGES: readonly StageKind[] = ['mirror', 'canary', 'promote'];

/** Stages planned to start later than this are not placed (plans may say '900000000h'; a Date cannot hold it). */
const FORECAST_HORIZON_MS = 400 * 86_400_000;

export interface WindowForecast {
  stageIndex: number;
  stage: StageKind;
  /**
   * When the stage would start, or null when an unbounded wait before it (an approval, a hold that never opens) or
   * a start more than 400 days ahead leaves it unknown.
   */
  startsAt: string | null;
  hold?: WindowHold;
}

export function forecastWindows(
  steps: readonly Pick<TimelineStep, 'index' | 'kind' | 'maxDurationMs'>[],
  rules: readonly WindowRule[],
  target: { endpoint: string; workspace: string },
  now: number,
): WindowForecast[] {
  const forecast: WindowForecast[] = [];
  let at: number | null = now;
  for (const step of steps) {
    if (EXPOSING_STAGES.includes(step.kind)) {
      const check: WindowCheck | undefined = at === null ? undefined : checkWindows(rules, target, at);
      const startsAt = at === null ? null : new Date(at).toISOString();
      forecast.push({
        stageIndex: step.index,
        stage: step.kind,
        startsAt,
        ...(check?.open === false ? { hold: check.hold } : {}),
      });
      if (check?.open === false) at = check.hold.opensAt ? Date.parse(check.hold.opensAt) : null;
    }
    at = at === null || step.maxDurationMs === null ? null : at + step.maxDurationMs;
    if (at !== null && at - now > FORECAST_HORIZON_MS) at = null;
  }
  return forecast;
}
