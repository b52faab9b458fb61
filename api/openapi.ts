// The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with.
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  CONTROL_ACTIONS,
  commonAlertSchema,
  controlBodySchema,
  controlPath,
  errorSchema,
  getRolloutQuerySchema,
  listRolloutsQuerySchema,
  planSchema,
  reasonedControlBodySchema,
  rolloutRefParam,
  rolloutStatusSchema,
  rolloutSummarySchema,
  rolloutViewSchema,
  SCHEDULE_ID,
  scheduleBodySchema,
  scheduleControlSchema,
  scheduleUpdateSchema,
  auditFilterSchema,
  auditPageSchema,
  auditQuerySchema,
  auditVerifySchema,
  revertBodySchema,
  revertResponseSchema,
  WINDOW_ID,
  windowBodySchema,
  windowRuleViewSchema,
} from './contract';
import { boundIntegers } from './openapi-integers';
import { notificationPaths } from './openapi-notifications';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [code, json(errorSchema, ERROR_TEXT[code] ?? 'error')]));
const ERROR_TEXT: Record<number, string> = {
  400: 'invalid input: every problem listed with its field path',
  401: 'missing or invalid bearer token',
  403: 'the role may not do this',
  404: 'unknown rollout, schedule or window',
  409: 'the state forbids it, or a rollout is already active',
  413: 'body too large',
  415: 'unsupported Content-Type',
  429: "over the caller's rate limit or share of event streams: retry after Retry-After seconds",
  503: 'Temporal unreachable',
  504: 'no worker answered in time',
};
const idParam = z.object({ id: rolloutRefParam });
const scheduleIdParam = z.object({ id: z.string().regex(SCHEDULE_ID) });
const idempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .meta({ description: 'a retried control with the same key is applied once (the first 200 characters count)' }),
});
/** One server-sent event (the stream's item): its name and its JSON data. */
const sseEvent = z.object({
  event: z.enum(['status', 'event', 'end', 'error']),
  data: z.string().meta({ description: 'JSON: the status, one event, the end state, or an error' }),
});
const probe = z.object({ status: z.string(), temporal: z.string(), message: z.string().optional() });
const documentedPlan = planSchema.meta({ id: 'RolloutPlan' });
const planBody = (description: string) => ({
  description,
  required: true,
  content: { 'application/json': { schema: documentedPlan }, 'application/yaml': { schema: documentedPlan } },
});

function paths(): RouteConfig[] {
  const reasoned = ['rollback', 'promote', 'abandonRollback', 'overrideWindow'];
  const controls = CONTROL_ACTIONS.map((action): RouteConfig => ({
    method: 'post',
    path: `/rollouts/{id}/${controlPath(action)}`,
    tags: ['controls'],
    summary: `${action} (a workflow Update)`,
    description:
      "Sent to the rollout's current run. With `runId` in the body (the run the caller saw, from " +
      'POST /rollouts or GET /rollouts/{id}) any other run answers 409, so a stale control cannot land on a later ' +
      'rollout of the same endpoint.',
    request: {
      params: idParam,
      headers: idempotencyHeader,
      body: {
        // Without a body the server reads `{}`: optional where no field is required, required where `reason` is.
        required: reasoned.includes(action),
        content: {
          'application/json': { schema: reasoned.includes(action) ? reasonedControlBodySchema : controlBodySchema },
        },
      },
    },
    responses: { 200: json(rolloutStatusSchema, 'the new status'), ...errors(400, 401, 403, 404, 409, 429, 504) },
  }));
  return [
    {
      method: 'post',
      path: '/rollouts',
      tags: ['rollouts'],
      summary: 'Start a rollout from a plan (checked against the live endpoint first)',
      request: { body: planBody('the rollout plan, JSON or YAML') },
      responses: {
        201: json(z.object({ id: z.string(), runId: z.string(), links: z.record(z.string(), z.string()) }), 'started'),
        ...errors(400, 401, 403, 409, 413, 415, 429),
      },
    },
    {
      method: 'get',
      path: '/rollouts',
      tags: ['rollouts'],
      summary: 'List rollouts',
      request: { query: listRolloutsQuerySchema },
      responses: {
        200: json(z.object({ items: z.array(rolloutSummarySchema), count: z.number() }), 'rollouts, newest first'),
        ...errors(400, 401),
      },
    },
    {
      method: 'get',
      path: '/rollouts/{id}',
      tags: ['rollouts'],
      summary: 'State, stage, traffic, gates with evidence, events',
      request: {
        params: idParam,
        query: getRolloutQuerySchema,
      },
      responses: { 200: json(rolloutViewSchema, 'the rollout'), ...errors(400, 401, 404) },
    },
    {
      method: 'get',
      path: '/rollouts/{id}/events',
      tags: ['rollouts'],
      summary: 'Server-sent events until the rollout ends',
      request: { params: idParam },
      responses: {
        200: {
          description: 'server-sent `status`, `event` and `end` events',
          content: { 'text/event-stream': { schema: sseEvent } },
        },
        ...errors(401, 404, 429),
      },
    },
    ...controls,
    {
      method: 'post',
      path: '/rollouts/{id}/revert',
      tags: ['controls'],
      summary: 'Revert a succeeded rollout: a new rollout back to the deployment it replaced (release manager)',
      description:
        "Rebuilds the deployment the run's cleanup deleted, as Azure held it, through deploy, validate, one canary " +
        'step, promote and cleanup. 409 names why when the run did not succeed, recorded no previous deployment, ' +
        'its model version is archived or gone, or a rollout is active on the endpoint.',
      request: {
        params: idParam,
        body: { required: true, content: { 'application/json': { schema: revertBodySchema } } },
      },
      responses: {
        201: json(revertResponseSchema, 'the revert started'),
        ...errors(400, 401, 403, 404, 409, 429, 504),
      },
    },
    {
      method: 'post',
      path: '/plans/validate',
      tags: ['plans'],
      summary: 'Dry run: check a plan live and return its timeline',
      request: { body: planBody('the plan to check') },
      responses: {
        200: {
          description:
            '`valid`, `problems`, `warnings`, `timeline`, and `windows`: each exposure increase (mirror, canary ' +
            'step, promote) with its planned start and the deployment window or freeze that would hold it',
        },
        ...errors(400, 401, 429),
      },
    },
    {
      method: 'post',
      path: '/schedules',
      tags: ['schedules'],
      summary: 'Create a scheduled canary (admin)',
      request: { body: { required: true, content: { 'application/json': { schema: scheduleBodySchema } } } },
      responses: { 201: { description: 'the schedule' }, ...errors(400, 401, 403, 409, 429) },
    },
    {
      method: 'get',
      path: '/schedules',
      tags: ['schedules'],
      summary: 'List scheduled canaries',
      responses: { 200: { description: 'schedules' }, ...errors(401) },
    },
    {
      method: 'get',
      path: '/schedules/{id}',
      tags: ['schedules'],
      summary: 'A scheduled canary, with what each recent firing did (started a rollout, or skipped and why)',
      request: { params: scheduleIdParam },
      responses: { 200: { description: 'the schedule' }, ...errors(401, 404) },
    },
    {
      method: 'patch',
      path: '/schedules/{id}',
      tags: ['schedules'],
      summary: 'Update a scheduled canary (admin): its cron or interval, its plan template (checked live), its note',
      request: {
        params: scheduleIdParam,
        body: { required: true, content: { 'application/json': { schema: scheduleUpdateSchema } } },
      },
      responses: { 200: { description: 'the schedule' }, ...errors(400, 401, 403, 404, 429) },
    },
    ...(['pause', 'resume'] as const).map((action): RouteConfig => ({
      method: 'post',
      path: `/schedules/{id}/${action}`,
      tags: ['schedules'],
      summary: `${action === 'pause' ? 'Pause' : 'Resume'} a scheduled canary (admin); the reason joins its note`,
      request: {
        params: scheduleIdParam,
        body: { required: false, content: { 'application/json': { schema: scheduleControlSchema } } },
      },
      responses: { 200: { description: 'the schedule' }, ...errors(400, 401, 403, 404, 429) },
    })),
    {
      method: 'delete',
      path: '/schedules/{id}',
      tags: ['schedules'],
      summary: 'Delete a scheduled canary (admin)',
      request: { params: scheduleIdParam },
      responses: { 204: { description: 'deleted' }, ...errors(401, 403, 404, 429) },
    },
    ...notificationPaths(json, errors),
    {
      method: 'get',
      path: '/audit',
      tags: ['audit'],
      summary: 'The audit log, newest first (admin, sre); JSON lines with Accept: application/x-ndjson',
      request: { query: auditQuerySchema },
      responses: {
        200: {
          description: 'one page of entries; `nextCursor` when older ones match',
          content: {
            'application/json': { schema: auditPageSchema },
            'application/x-ndjson': { schema: z.string().meta({ description: 'one AuditEntry per line' }) },
          },
        },
        ...errors(400, 401, 403),
      },
    },
    {
      method: 'get',
      path: '/audit/export',
      tags: ['audit'],
      summary: 'Every matching audit entry, oldest first, as JSON lines (admin, sre)',
      request: { query: auditFilterSchema },
      responses: {
        200: {
          description: 'one AuditEntry per line',
          content: { 'application/x-ndjson': { schema: z.string() } },
        },
        ...errors(400, 401, 403),
      },
    },
    {
      method: 'get',
      path: '/audit/verify',
      tags: ['audit'],
      summary: "Check the audit log's hash chain across its files (admin, sre): ok, or the first line that breaks it",
      responses: { 200: json(auditVerifySchema, 'the verification'), ...errors(401, 403) },
    },
    {
      method: 'post',
      path: '/windows',
      tags: ['windows'],
      summary: 'Create a deployment window (allow) or change freeze (deny) (admin)',
      description:
        'Before a rollout increases the candidate exposure (mirror start, each canary step, promote) it waits while ' +
        'an in-scope deny rule is active or allow rules exist and none is open; rollbacks never wait. A cron start ' +
        'plus a duration, or a one-off start and end in local time, in the rule time zone.',
      request: { body: { required: true, content: { 'application/json': { schema: windowBodySchema } } } },
      responses: { 201: json(windowRuleViewSchema, 'the rule'), ...errors(400, 401, 403, 409, 413, 415, 429) },
    },
    {
      method: 'get',
      path: '/windows',
      tags: ['windows'],
      summary: 'List deployment windows and change freezes',
      responses: { 200: json(z.object({ items: z.array(windowRuleViewSchema) }), 'the rules'), ...errors(401) },
    },
    {
      method: 'get',
      path: '/windows/{id}',
      tags: ['windows'],
      summary: 'One deployment window or change freeze',
      request: { params: z.object({ id: z.string().regex(WINDOW_ID) }) },
      responses: { 200: json(windowRuleViewSchema, 'the rule'), ...errors(401, 404) },
    },
    {
      method: 'delete',
      path: '/windows/{id}',
      tags: ['windows'],
      summary: 'Delete a deployment window or change freeze (admin)',
      request: { params: z.object({ id: z.string().regex(WINDOW_ID) }) },
      responses: { 204: { description: 'deleted' }, ...errors(401, 403, 404, 429) },
    },
    {
      method: 'post',
      path: '/hooks/azure-monitor',
      tags: ['hooks'],
      summary: 'Azure Monitor alert (common alert schema); X-Webhook-Secret, or an Entra ID token (secure webhook)',
      request: { body: { required: true, content: { 'application/json': { schema: commonAlertSchema } } } },
      responses: { 200: { description: 'acknowledged: rolled back or ignored' }, ...errors(400, 401) },
    },
    {
      method: 'get',
      path: '/healthz',
      tags: ['ops'],
      summary: 'Liveness',
      responses: { 200: json(z.object({ status: z.literal('ok') }), 'up') },
    },
    {
      method: 'get',
      path: '/readyz',
      tags: ['ops'],
      summary: 'Readiness: Temporal reachable',
      responses: { 200: json(probe, 'ready'), 503: json(probe, 'Temporal unreachable') },
    },
    {
      method: 'get',
      path: '/metrics',
      tags: ['ops'],
      summary: 'Prometheus metrics',
      responses: {
        200: { description: 'text exposition format', content: { 'text/plain': { schema: z.string() } } },
      },
    },
  ];
}

export function openApiDocument() {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  const webhook = registry.registerComponent('securitySchemes', 'webhookSecret', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Webhook-Secret',
  });
  for (const path of paths()) {
    const open = ['/healthz', '/readyz', '/metrics'].includes(path.path);
    const scheme = path.path.startsWith('/hooks') ? webhook.name : bearer.name;
    registry.registerPath(open ? path : { ...path, security: [{ [scheme]: [] }] });
  }
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'ml-rollout-service',
      version: '0.1.0',
      description:
        'Safe, durable rollouts for Azure ML online endpoints. Roles: viewer reads; release-manager starts, approves, rejects, promotes, pauses, resumes and rolls back; sre pauses, resumes, rolls back and abandons a stuck rollback; admin does everything including schedules, deployment windows and window overrides, notification channels, subscriptions and the outbound allowlist. Every state-changing call and every refusal is recorded in the audit log (admin and sre read it).',
    },
  });
  return boundIntegers(document);
}
