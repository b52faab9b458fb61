// The plan's scaling: a `scale` stage (the safe-rollout guide's "scale the blue deployment so it can handle more
// requests") and how the candidate is sized as it takes traffic. Kept apart from plan.ts, which imports both.
import { z } from 'zod';
import { MAX_INSTANCES_PER_DEPLOYMENT } from './azure-rules';

const instances = z
  .number()
  .int()
  .min(1, 'must be at least 1')
  .max(MAX_INSTANCES_PER_DEPLOYMENT, `Azure allows at most ${MAX_INSTANCES_PER_DEPLOYMENT} instances per deployment`);

export const scaleStageSchema = z
  .object({
    kind: z.literal('scale'),
    /** Which deployment: the live baseline (before shifting traffic to it) or the candidate (once deployed). */
    deployment: z.enum(['baseline', 'candidate']),
    instance_count: instances,
  })
  .strict();

export const CANDIDATE_SIZING = ['fixed', 'match', 'weighted'] as const;
export type CandidateSizing = (typeof CANDIDATE_SIZING)[number];

export const scalingSchema = z
  .object({
    /**
     * fixed: the candidate keeps its instance_count (the plan check refuses a promotion it cannot carry);
     * match: it is brought to the baseline's capacity before promotion;
     * weighted: sized to its share at every mirror and canary step (never below minInstances), then to the
     * baseline's capacity before promotion.
     */
    candidate: z.enum(CANDIDATE_SIZING).default('match'),
    /** The floor of weighted sizing; the candidate is created with it. */
    minInstances: instances.default(1),
  })
  .strict();

export const DEFAULT_SCALING: Scaling = { candidate: 'match', minInstances: 1 };

export type ScaleStage = z.infer<typeof scaleStageSchema>;
export type Scaling = z.infer<typeof scalingSchema>;
