// The judges a plan can choose (`analysis.judge`), behind the one `Judge` gate interface the workflow calls.
import type { Judge } from './types';
import { createSequentialJudge, sequentialJudge as sequentialBeforeWatch } from './sequential';
import { UNIFORM_GRID_SEQUENTIAL } from './sequential-state';
import { createThresholdJudge, thresholdJudge as thresholdBeforeWatch } from './threshold';
import { withWatch } from './watch';

export type JudgeKind = 'sequential' | 'threshold';

/**
 * Every version of each judge, kept beside the newer ones. A rollout records at start which version it uses
 * (`CURRENT_JUDGE_VERSION`) and keeps it for its life, across continue-as-new, so a worker upgraded mid-canary
 * judges it as it began. A change that alters a verdict is a new version here: the verdict table in
 * test/unit/analysis/judge-versions.test.ts fails otherwise. Sequential 1 is the uniform 12-ratio prior it shipped
 * with (under today's update rules); 2 the weighted prior. Threshold 2 and sequential 3 add the data rules: missing
 * or partial latency series (or a baseline a relative limit needs) hold the gate, never pass it, and a candidate 4xx
 * rate clearly above the baseline's fails it. Threshold 3 and sequential 4 add the watch rule (watch.ts): after
 * promotion the candidate is compared with the baseline's history in this rollout.
 */
const VERSIONS: Record<JudgeKind, Record<number, Judge>> = {
  threshold: {
    1: createThresholdJudge({ dataRules: false }),
    2: thresholdBeforeWatch,
    3: withWatch(thresholdBeforeWatch),
  },
  sequential: {
    1: createSequentialJudge(UNIFORM_GRID_SEQUENTIAL),
    2: createSequentialJudge({ dataRules: false }),
    3: sequentialBeforeWatch,
    4: withWatch(sequentialBeforeWatch),
  },
};

export const CURRENT_JUDGE_VERSION: Record<JudgeKind, number> = { threshold: 3, sequential: 4 };

/**
 * Every shipped version, oldest first. The replay test requires a saved history for each and the fingerprint test
 * a fingerprint (analysis/README.md, "State across upgrades"): adding one here means recording both.
 */
export function judgeVersions(): { kind: JudgeKind; version: number }[] {
  return (Object.keys(VERSIONS) as JudgeKind[]).flatMap((kind) =>
    Object.keys(VERSIONS[kind]).map((version) => ({ kind, version: Number(version) })),
  );
}

/**
 * The judge a rollout pinned at start. Without a pin (a run from before pinning) or with one this code does not
 * know (a worker rolled back to older code), the current one: a throw here would read as a metrics outage for ever.
 */
export function judgeAt(kind: JudgeKind, version: number | undefined): Judge {
  return (version !== undefined ? VERSIONS[kind]?.[version] : undefined) ?? judgeFor(kind);
}

export function judgeFor(kind: JudgeKind): Judge {
  switch (kind) {
    case 'threshold':
    case 'sequential':
      return VERSIONS[kind][CURRENT_JUDGE_VERSION[kind]];
    default:
      throw new Error(`analysis.judge must be 'sequential' or 'threshold', got '${String(kind)}'`);
  }
}

/** The current version of each judge. */
export const thresholdJudge: Judge = VERSIONS.threshold[CURRENT_JUDGE_VERSION.threshold];
export const sequentialJudge: Judge = VERSIONS.sequential[CURRENT_JUDGE_VERSION.sequential];
export { createThresholdJudge } from './threshold';
export { createSequentialJudge } from './sequential';
export { addBaselineHistory, type ArmTotals } from './totals';
export { DEFAULT_SEQUENTIAL, UNIFORM_GRID_SEQUENTIAL, type SequentialOptions } from './sequential-state';
export type { Judge, JudgeInput, JudgeOutput, JudgeState } from './types';
