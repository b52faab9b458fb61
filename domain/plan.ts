// The rollout plan: what to deploy and the stages that move traffic to it. Written as YAML or JSON by release
// managers; the candidate is an Azure ML CLI v2 online deployment (domain/candidate.ts), so existing deployment YAML
// works.
import { z } from 'zod';
import { AZURE_NAME, MAX_MIRROR_PERCENT } from './azure-rules';
import { candidateSchema } from './candidate';
import { DURATION } from './duration';
import { scaleStageSchema, scalingSchema } from './plan-scaling';
import { endpointSpecSchema } from './first-release';
import { planNotificationsSchema } from './notifications';

export { candidateSchema, MODEL_REF, type Candidate } from './candidate';

const azureName = z
  .string()
  .regex(AZURE_NAME, 'must be 3 to 32 characters: a letter first, then letters, digits or single dashes, no dash last');

const duration = z.string().regex(DURATION, "must be a duration like '30s', '5m' or '1h'");

const sloSchema = z
  .object({
    /** Absolute floor: candidate error rate above this fails the gate. */
    maxErrorRate: z.number().min(0).max(1).default(0.05),
    /** Absolute floor on candidate p99 latency. */
    maxP99LatencyMs: z.number().positive().optional(),
    /** Relative to the baseline: candidate error rate minus baseline error rate. */
    maxErrorRateIncrease: z.number().min(0).max(1).optional(),
    /** Relative to the baseline: candidate p99 minus baseline p99, in milliseconds. */
    maxP99LatencyIncreaseMs: z.number().positive().optional(),
    /**
     * Relative to the baseline on the same traffic: candidate 4xx rate (inputs refused; not errors) minus the
     * baseline's. Left out: 0.05.
     */
    maxClientErrorRateIncrease: z.number().min(0).max(1).optional(),
  })
  .strict();

export const analysisSchema = z
  .object({
    judge: z.enum(['sequential', 'threshold']).default('sequential'),
    /** How often a gate reads metrics. */
    interval: duration.default('60s'),
    /** Minimum candidate requests before any verdict other than fail on an SLO floor. */
    minRequests: z.number().int().min(0).default(100),
    /** False-rollback bound of the sequential judge. */
    alpha: z.number().gt(0).lt(0.5).default(0.05),
    /** Missed-regression bound of the sequential judge's safety test. */
    beta: z.number().gt(0).lt(0.5).default(0.05),
    slo: sloSchema.default({ maxErrorRate: 0.05 }),
    /** Consecutive metric-provider failures tolerated before the rollout pauses for a human. */
    maxProviderErrors: z.number().int().min(1).default(5),
    /**
     * Azure Monitor's ingestion delay: a gate reads metrics only up to this long ago, so requests not yet
     * ingested are read by the next gate instead of being skipped. Left out: read up to now.
     */
    metricsLag: duration.optional(),
  })
  .strict();

const deployStage = z.object({ kind: z.literal('deploy') }).strict();

/** When two answers agree (domain/agreement.ts): labels exactly, numbers and probabilities within these. */
export const toleranceSchema = z
  .object({
    /** Numbers agree when they differ by at most this much... */
    absolute: z.number().min(0).default(1e-6),
    /** ...or by at most this share of the larger one (0.01: within 1%). */
    relative: z.number().min(0).max(1).default(0.01),
    /** Probabilities (a field named like one, or a class distribution) agree within this difference. */
    probability: z.number().min(0).max(1).default(0.1),
  })
  .strict();

const validateStage = z
  .object({
    kind: z.literal('validate'),
    /** How many requests go to each deployment, taken in turn from the request bodies. */
    requests: z.number().int().min(1).max(10_000).default(50),
    maxErrorRate: z.number().min(0).max(1).default(0.02),
    maxP99LatencyMs: z.number().positive().optional(),
    /** Share of the answers' items (one per input row) on which the candidate agrees with the baseline. */
    minAgreement: z.number().min(0).max(1).default(0.8),
    /** One scoring request body, in the model's own input format, sent to both deployments. */
    request: z.unknown().optional(),
    /** Several request bodies, sent in turn; `rollout start` reads a `requestFile` (JSON or JSON Lines) into this. */
    requestBodies: z.array(z.unknown()).min(1).max(1000).optional(),
    tolerance: toleranceSchema.default(toleranceSchema.parse({})),
  })
  .strict();

const mirrorStage = z
  .object({
    kind: z.literal('mirror'),
    percent: z
      .number()
      .int()
      .min(1, 'must be at least 1')
      .max(MAX_MIRROR_PERCENT, `Azure mirrors at most ${MAX_MIRROR_PERCENT}% of traffic`),
    duration: duration,
  })
  .strict();

const canaryStage = z
  .object({
    kind: z.literal('canary'),
    weight: z.number().int().min(1, 'must be at least 1').max(99, 'must be below 100 (use a promote stage for 100%)'),
    bake: duration,
  })
  .strict();

const approvalStage = z
  .object({
    kind: z.literal('approval'),
    name: z.string().min(1).max(64).optional(),
    /** Roles or actor names allowed to approve; empty means any release manager. */
    approvers: z.array(z.string().min(1)).default([]),
    timeout: duration.default('1h'),
    onTimeout: z.enum(['approve', 'reject', 'pause']).default('reject'),
    message: z.string().max(500).optional(),
    /** The two-person rule: whoever started the rollout may not approve it here (an admin may override, recorded). */
    requireDistinctApprover: z.boolean().default(true),
  })
  .strict();

const promoteStage = z
  .object({
    kind: z.literal('promote'),
    /** Post-promotion watch while the baseline is kept for instant rollback. */
    watch: duration.default('5m'),
  })
  .strict();

const cleanupStage = z
  .object({
    kind: z.literal('cleanup'),
    delay: duration.default('0s'),
    baseline: z.enum(['delete', 'keep']).default('delete'),
  })
  .strict();

export const stageSchema = z.discriminatedUnion('kind', [
  deployStage,
  validateStage,
  mirrorStage,
  canaryStage,
  approvalStage,
  promoteStage,
  cleanupStage,
  scaleStageSchema,
]);

export const planSchema = z
  .object({
    endpoint: azureName,
    /** A first release: the endpoint to create, as its CLI v2 endpoint YAML (name, auth_mode, compute). */
    endpointSpec: endpointSpecSchema.optional(),
    /** Defaults to the service's configured workspace. */
    // The pattern zod checks (RFC 9562 versions and variant), which JSON Schema's `format: uuid` alone does not state.
    subscriptionId: z.string().uuid().meta({ pattern: z.regexes.uuid().source }).optional(),
    resourceGroup: z.string().min(1).max(90).optional(),
    workspace: z.string().min(3).max(33).optional(),
    /** The deployment holding live traffic; found from the endpoint when left out. */
    baseline: azureName.optional(),
    candidate: candidateSchema,
    /**
     * The candidate's name may be an existing idle deployment, which the rollout then overwrites (left out: such a
     * name is refused). A replaced deployment is never deleted by a rollback: the rollout did not create it.
     */
    replace: z.boolean().optional(),
    analysis: analysisSchema.default(analysisSchema.parse({})),
    stages: z.array(stageSchema).min(1),
    /** How the candidate is sized as it takes traffic; left out: brought to the baseline's capacity before promotion. */
    scaling: scalingSchema.optional(),
    /** Admin-made subscriptions and channels by id; a URL is never a plan's to choose. */
    notifications: planNotificationsSchema.optional(),
  })
  .strict();

export type RolloutPlan = z.infer<typeof planSchema>;
export type PlanInput = z.input<typeof planSchema>;
export type Stage = z.infer<typeof stageSchema>;
export type StageKind = Stage['kind'];
export type AnalysisPolicy = z.infer<typeof analysisSchema>;
export type Tolerance = z.infer<typeof toleranceSchema>;
