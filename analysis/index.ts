// The judges a plan can choose (`analysis.judge`), behind the one `Judge` gate interface the workflow calls.
import type { Judge } from './types';
import { sequentialJudge } from './sequential';
import { thresholdJudge } from './threshold';

export type JudgeKind = 'sequential' | 'threshold';

export function judgeFor(kind: JudgeKind): Judge {
  switch (kind) {
    case 'threshold':
      return thresholdJudge;
    case 'sequential':
      return sequentialJudge;
    default:
      throw new Error(`analysis.judge must be 'sequential' or 'threshold', got '${String(kind)}'`);
  }
}

export { thresholdJudge } from './threshold';
export { createSequentialJudge, sequentialJudge } from './sequential';
export { DEFAULT_SEQUENTIAL, UNIFORM_GRID_SEQUENTIAL, type SequentialOptions } from './sequential-state';
export type { Judge, JudgeInput, JudgeOutput, JudgeState } from './types';
