// The REST contract as zod schemas: the routes validate with them and api/openapi.ts documents them, so the two agree.
import { z } from 'zod';
import { AZURE_NAME } from '../domain/azure-rules';
import { analysisSchema, planSchema } from '../domain/plan';
import { DURATION } from '../domain/duration';
import { OUTCOMES, ROLLOUT_STATES } from '../domain/status';
import { VERDICT_KINDS } from '../domain/verdict';
import { CONTROL_ACTIONS, controlPath, type ControlAction } from '../domain/workflow-types';
import { WINDOW_ID, windowRuleInputSchema } from '../domain/window-rules';

export { WINDOW_ID };

export { planSchema, ROLLOUT_STATES, CONTROL_ACTIONS, controlPath, type ControlAction };

// Every rule below is one a JSON Schema can state (patterns, lengths, `oneOf`), so /openapi.json says all the server
// enforces: no trimming transforms, no refinements the document cannot show.

/** Not blank: at least one character other than ASCII white space (the same class in JavaScript and other engines). */
const reason = z
  .string()
  .min(1, 'must not be empty')
  .max(1000)
  .regex(/[^\t\n\v\f\r ]/, 'must not be blank');

/** A rollout in a URL: its id `rollout:sub/rg/ws/endpoint`, or an endpoint name of the default workspace. */
export const ROLLOUT_REF = new RegExp(`^(?:rollout:.+|${AZURE_NAME.source.slice(1, -1)})$`);

export const rolloutRefParam = z.string().regex(ROLLOUT_REF).meta({
  description: 'URL-encoded rollout id (`rollout:sub/rg/ws/endpoint`) or an endpoint name of the default workspace',
});

export const controlBodySchema = z
  .object({
    reason: reason.optional(),
    /** Approval gate name, so an approval cannot land on the wrong gate. */
    gate: z.string().min(1).max(64).optional(),
    comment: z.string().max(2000).optional(),
    /**
     * The run the caller saw (`runId` of POST /rollouts or GET /rollouts/{id}). When given, the control lands on that
     * run only: another run of the same endpoint's rollout answers 409, so a stale control cannot cross over.
     */
    runId: z.string().min(1).max(64).optional().meta({
      description: 'the run the caller saw (runId of POST /rollouts or GET /rollouts/{id}); another run answers 409',
    }),
    /** Admin only: approve although the approver started the rollout (the two-person rule); recorded. */
    overrideTwoPersonRule: z.boolean().optional().meta({
      description: 'admin only: approve a rollout one started oneself (the two-person rule); recorded',
    }),
  })
  .strict();

/** rollback, promote and abandon-rollback must say why. */
export const reasonedControlBodySchema = controlBodySchema.extend({ reason });

export const listRolloutsQuerySchema = z
  .object({
    endpoint: z.string().regex(AZURE_NAME, 'not an Azure endpoint name').optional(),
    state: z.enum(ROLLOUT_STATES).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** GET /rollouts/{id}: one run of the rollout (Temporal run ids are UUIDs; anything else never names a run). */
export const getRolloutQuerySchema = z.object({
  runId: z
    .guid()
    .optional()
    .meta({ description: 'one run of the rollout (its runId)', pattern: z.regexes.guid.source }),
});

export const SCHEDULE_ID = /^[a-zA-Z][a-zA-Z0-9-]{2,62}$/;

/** Standard 5-field cron, e.g. `0 6 * * 1-5`. */
const cron = z
  .string()
  .regex(/^\S+(\s+\S+){4,6}$/, "must be a cron expression like '0 6 * * 1-5'")
  .optional();
/** Interval, e.g. `6h`. */
const every = z.string().regex(DURATION, "must be a duration like '30s', '5m' or '6h'").optional();
const note = z.string().max(500).optional();

export const scheduleBodySchema = z
  .object({
    id: z.string().regex(SCHEDULE_ID, 'must be 3 to 63 letters, digits or dashes, starting with a letter').optional(),
    cron,
    every,
    plan: planSchema,
    paused: z.boolean().default(false),
    note,
  })
  .strict()
  .superRefine((body, ctx) => {
    if ((body.cron === undefined) === (body.every === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['cron'], message: "give exactly one of 'cron' and 'every'" });
    }
  })
  // The refinement above, as the document states it.
  .meta({ oneOf: [{ required: ['cron'] }, { required: ['every'] }] } as Record<string, unknown>);

/** PATCH /schedules/{id}: a new spec (one of cron and every), a new plan template (checked live), a new note. */
export const scheduleUpdateSchema = z
  .object({ cron, every, plan: planSchema.optional(), note })
  .strict()
  .superRefine((body, ctx) => {
    if (body.cron !== undefined && body.every !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['cron'], message: "give at most one of 'cron' and 'every'" });
    }
    if (Object.keys(body).length === 0) {
      ctx.addIssue({ code: 'custom', path: [], message: "give at least one of 'cron', 'every', 'plan' and 'note'" });
    }
  })
  // The refinement above, as the document states it.
  .meta({ not: { required: ['cron', 'every'] }, minProperties: 1 } as Record<string, unknown>);

/** POST /schedules/{id}/pause and /resume: why, kept as the schedule's note with the actor. */
export const scheduleControlSchema = z.object({ reason: reason.optional() }).strict();

/** Azure Monitor's common alert schema; Azure adds fields over time, so only what we use is checked. */
export const commonAlertSchema = z.looseObject({
  schemaId: z.literal('azureMonitorCommonAlertSchema'),
  data: z.looseObject({
    essentials: z.looseObject({
      alertId: z.string().optional(),
      alertRule: z.string().min(1),
      severity: z.string().optional(),
      signalType: z.string().optional(),
      monitorCondition: z.enum(['Fired', 'Resolved']),
      alertTargetIDs: z.array(z.string()).default([]),
      firedDateTime: z.string().optional(),
      description: z.string().optional(),
    }),
    alertContext: z.unknown().optional(),
  }),
});
export type CommonAlert = z.infer<typeof commonAlertSchema>;

/** POST /windows: a deployment window (allow) or change freeze (deny). */
export const windowBodySchema = windowRuleInputSchema.meta({ id: 'WindowRuleInput' });

export const windowRuleViewSchema = windowRuleInputSchema
  .extend({
    id: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    links: z.record(z.string(), z.string()),
  })
  .meta({ id: 'WindowRule' });

// Responses (documented; built from the workflow's status).

const trafficMap = z.record(z.string(), z.number()).meta({ id: 'TrafficMap', description: 'deployment → percent' });

export const verdictSchema = z
  .object({
    kind: z.enum(VERDICT_KINDS),
    rule: z.string(),
    reasons: z.array(z.string()),
    evidence: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Verdict' });

export const rolloutEventSchema = z
  .object({
    at: z.string(),
    type: z.string(),
    actor: z.string(),
    reason: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'RolloutEvent' });

const verdictSummarySchema = z
  .object({
    at: z.string(),
    kind: z.enum(VERDICT_KINDS),
    rule: z.string(),
    reasons: z.array(z.string()),
    evidence: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'VerdictSummary' });

export const foldedRecordSchema = z
  .object({
    gates: z.number(),
    events: z.number(),
    eventTypes: z.record(z.string(), z.number()),
    eventsThrough: z.string().optional(),
    stages: z.array(
      z.object({
        stageIndex: z.number(),
        stage: z.string(),
        gates: z.number(),
        counts: z.record(z.enum(VERDICT_KINDS), z.number()),
        first: verdictSummarySchema,
        last: verdictSummarySchema,
        decisive: verdictSummarySchema,
      }),
    ),
  })
  .meta({
    id: 'FoldedRecord',
    description:
      'gate records and events older than the most recent ones (gates ≤40, events ≤50), folded: counts per stage and ' +
      'verdict kind, the first, last and decisive verdicts; an event index counts from `events` folded ones',
  });

export const endpointRefSchema = z
  .object({ subscriptionId: z.string(), resourceGroup: z.string(), workspace: z.string(), endpoint: z.string() })
  .meta({ id: 'EndpointRef' });

export const previousDeploymentSchema = z
  .object({
    name: z.string(),
    sku: z.record(z.string(), z.unknown()).optional(),
    properties: z.record(z.string(), z.unknown()),
    candidate: z.record(z.string(), z.unknown()).meta({ description: 'the plan candidate read back from Azure' }),
    notRestored: z.array(z.string()).meta({ description: 'ARM properties a candidate cannot state' }),
    deletedAt: z.string(),
  })
  .meta({
    id: 'PreviousDeployment',
    description: 'the baseline the cleanup deleted, as Azure held it: what POST /rollouts/{id}/revert rebuilds',
  });

export const rolloutStatusSchema = z
  .object({
    rolloutId: z.string(),
    target: endpointRefSchema,
    state: z.enum(ROLLOUT_STATES),
    paused: z.boolean(),
    stageIndex: z.number(),
    stage: z.string().optional(),
    awaiting: z
      .object({
        gate: z.string(),
        since: z.string(),
        timeoutAt: z.string(),
        approvers: z.array(z.string()),
        notBy: z
          .string()
          .optional()
          .meta({ description: 'the two-person rule: who started the rollout may not approve' }),
      })
      .optional(),
    baseline: z.string(),
    candidate: z.string(),
    model: z.string(),
    traffic: trafficMap,
    mirrorTraffic: trafficMap,
    gates: z.array(z.object({ stageIndex: z.number(), stage: z.string(), at: z.string(), verdict: verdictSchema })),
    events: z.array(rolloutEventSchema),
    rollback: z
      .object({
        reason: z.string(),
        actor: z.string(),
        since: z.string(),
        attempts: z.number(),
        lastError: z.string().optional(),
        lastAttemptAt: z.string().optional(),
        alertedAt: z.string().optional(),
      })
      .optional()
      .meta({ description: 'a rollback under way or done: restore attempts that failed, the last error, the alert' }),
    window: z
      .object({
        ruleId: z.string(),
        effect: z.enum(['allow', 'deny']),
        reason: z.string(),
        opensAt: z.string().optional(),
        since: z.string(),
        stageIndex: z.number(),
        stage: z.string(),
      })
      .optional()
      .meta({ description: 'a deployment window or freeze holds the rollout: the rule, its reason, when it opens' }),
    folded: foldedRecordSchema.optional(),
    outcome: z.object({ result: z.enum(OUTCOMES), reason: z.string(), at: z.string() }).optional(),
    previousDeployment: previousDeploymentSchema.optional(),
    startedAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'RolloutStatus' });

export const rolloutViewSchema = rolloutStatusSchema
  .extend({ id: z.string(), runId: z.string(), links: z.record(z.string(), z.string()) })
  .meta({ id: 'Rollout' });

export const rolloutSummarySchema = z
  .object({
    id: z.string(),
    runId: z.string(),
    endpoint: z.string(),
    state: z.string(),
    temporalStatus: z.string(),
    startedAt: z.string().optional(),
    closedAt: z.string().optional(),
    model: z.string().optional(),
    paused: z.boolean().optional(),
    stage: z.string().optional(),
    traffic: z.record(z.string(), z.number()).optional(),
    /** When the listed fields last changed (the run's RolloutUpdatedAt attribute). */
    updatedAt: z.string().optional(),
    links: z.record(z.string(), z.string()),
  })
  .meta({ id: 'RolloutSummary' });

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ path: z.string().optional(), rule: z.string().optional(), message: z.string() })),
      rolloutId: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });

// The audit log (GET /audit, /audit/export, /audit/verify).

// ASCII classes only ([0-9], not \d): other regex engines (the fuzzer's Python) read \d and \w as Unicode.
const MONTH_DAY = '[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])';
const CLOCK = 'T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])';
/** An ISO 8601 date or UTC/offset date-time, e.g. `2026-12-06` or `2026-12-06T08:00:00Z`. */
const isoTime = z.string().regex(new RegExp(`^${MONTH_DAY}(${CLOCK})?$`));

export const auditFilterSchema = z
  .object({
    actor: z.string().min(1).max(200).optional().meta({ description: 'exactly this actor' }),
    action: z.string().min(1).max(200).optional().meta({ description: "actions containing this text, e.g. 'approve'" }),
    target: z.string().min(1).max(500).optional().meta({ description: 'targets containing this text' }),
    outcome: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,20}$/)
      .optional()
      .meta({ description: "an HTTP status ('409') or an automatic action's outcome ('ok', 'skipped')" }),
    since: isoTime.optional().meta({ description: 'entries at or after this time' }),
    until: isoTime.optional().meta({ description: 'entries before this time' }),
  })
  .strict();

export const auditQuerySchema = auditFilterSchema
  .extend({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z
      .string()
      .regex(/^[1-9][0-9]{0,14}$/)
      .optional()
      .meta({ description: "the previous page's nextCursor: entries older than it" }),
  })
  .strict();

export const auditEntryView = z
  .object({
    seq: z.number(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    target: z.string(),
    requestId: z.string().optional(),
    outcome: z.union([z.number(), z.string()]),
    reason: z.string().optional(),
    source: z.enum(['api', 'worker']),
    details: z.record(z.string(), z.unknown()).optional(),
    prev: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });

export const auditPageSchema = z.object({
  items: z.array(auditEntryView),
  nextCursor: z.string().optional().meta({ description: 'present when older entries match: pass it as cursor' }),
});

export const auditVerifySchema = z
  .object({
    ok: z.boolean(),
    entries: z.number().meta({ description: 'entries checked before the first bad line (all of them when ok)' }),
    head: z.string().optional().meta({ description: "the last entry's hash: keep it elsewhere to detect truncation" }),
    file: z.string().optional(),
    line: z.number().optional(),
    seq: z.number().optional(),
    problem: z.string().optional(),
  })
  .meta({ id: 'AuditVerification' });

// POST /rollouts/{id}/revert: back to the deployment a succeeded rollout replaced.

const revertDuration = z.string().regex(DURATION, "must be a duration like '30s', '5m' or '6h'");

export const revertBodySchema = z
  .object({
    reason,
    runId: z.guid().optional().meta({
      description: 'the succeeded run to revert (its runId); left out: the latest run',
      pattern: z.regexes.guid.source,
    }),
    canaryWeight: z.number().int().min(1).max(50).default(10).meta({ description: 'the one canary step, percent' }),
    bake: revertDuration.default('10m').meta({ description: "the canary's bake" }),
    watch: revertDuration.default('5m').meta({ description: 'the watch after promotion' }),
    analysis: analysisSchema.optional().meta({ description: "the judge's policy; left out: the defaults" }),
    requestBodies: z.array(z.unknown()).min(1).max(1000).optional().meta({
      description:
        "the validate stage's scoring request bodies (the model's input format); needed unless the endpoint has a recorded sample",
    }),
  })
  .strict();

export const revertResponseSchema = z.object({
  id: z.string(),
  runId: z.string(),
  revertOf: z.object({ runId: z.string(), deployment: z.string(), model: z.string() }),
  notRestored: z.array(z.string()),
  links: z.record(z.string(), z.string()),
});
