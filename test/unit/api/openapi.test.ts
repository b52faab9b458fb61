// The OpenAPI document states every rule the routes enforce, so generated clients and fuzzers see what the server does.
import { AZURE_NAME } from '../../../domain/azure-rules';
import { CONTROL_ACTIONS, controlPath } from '../../../api/contract';
import { openApiDocument } from '../../../api/openapi';

type Schema = Record<string, any>;
const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, Schema>>; components: Schema };
const operation = (method: string, path: string) => doc.paths[path][method];
const param = (method: string, path: string, name: string) =>
  (operation(method, path).parameters as Schema[]).find((p) => p.name === name)!;
const jsonBody = (method: string, path: string) => operation(method, path).requestBody;
const pattern = (schema: Schema) => new RegExp(schema.pattern as string);

describe('the OpenAPI document', () => {
  it('gives the endpoint filter of GET /rollouts the Azure name pattern, no dash last', () => {
    const endpoint = pattern(param('get', '/rollouts', 'endpoint').schema);
    expect(endpoint.source).toBe(AZURE_NAME.source);
    expect(['heart-ep', 'abc']).toEqual(['heart-ep', 'abc'].filter((name) => endpoint.test(name)));
    expect(['heart-', 'a--b', 'ab', '1abc'].filter((name) => endpoint.test(name))).toEqual([]);
  });

  it.each(['rollback', 'promote', 'abandonRollback', 'overrideWindow'] as const)(
    'requires the body and its reason for %s',
    (action) => {
      const body = jsonBody('post', `/rollouts/{id}/${controlPath(action)}`);
      expect(body.required).toBe(true);
      const schema = body.content['application/json'].schema;
      expect(schema.required).toEqual(['reason']);
      expect(pattern(schema.properties.reason).test(' \t ')).toBe(false);
    },
  );

  it.each(['approve', 'reject', 'pause', 'resume'] as const)('lets %s go without a body', (action) => {
    expect(jsonBody('post', `/rollouts/{id}/${controlPath(action)}`).required).toBe(false);
  });

  it('states which rollout references a path takes: an id or an endpoint name', () => {
    for (const action of CONTROL_ACTIONS) {
      const id = pattern(param('post', `/rollouts/{id}/${controlPath(action)}`, 'id').schema);
      expect(id.test('rollout:sub/rg/ws/heart-ep')).toBe(true);
      expect(id.test('heart-ep')).toBe(true);
      expect(id.test('heart-')).toBe(false);
    }
  });

  it("states the schedule rules: exactly one of 'cron' and 'every', the id pattern", () => {
    const schema = jsonBody('post', '/schedules').content['application/json'].schema;
    expect(schema.oneOf).toEqual([{ required: ['cron'] }, { required: ['every'] }]);
    expect(jsonBody('post', '/schedules').required).toBe(true);
    const id = pattern(param('delete', '/schedules/{id}', 'id').schema);
    expect([id.test('canary-heart-ep'), id.test('x'), id.test('1abc')]).toEqual([true, false, false]);
  });

  it('documents reading, pausing, resuming and updating a schedule, with the update rules', () => {
    expect(Object.keys(doc.paths['/schedules/{id}']).sort()).toEqual(['delete', 'get', 'patch']);
    for (const action of ['pause', 'resume']) {
      expect(jsonBody('post', `/schedules/{id}/${action}`).required).toBe(false);
      const reason = jsonBody('post', `/schedules/{id}/${action}`).content['application/json'].schema.properties.reason;
      expect(pattern(reason).test(' \t ')).toBe(false);
    }
    const update = jsonBody('patch', '/schedules/{id}').content['application/json'].schema;
    expect(update).toMatchObject({
      not: { required: ['cron', 'every'] },
      minProperties: 1,
      additionalProperties: false,
    });
    expect(Object.keys(update.properties).sort()).toEqual(['cron', 'every', 'note', 'plan']);
  });

  it('states the window rules: cron grammar, time zones, local times, id pattern', () => {
    const ref = jsonBody('post', '/windows').content['application/json'].schema.$ref as string;
    const schema = doc.components.schemas[ref.split('/').pop() as string];
    const [cron, once] = schema.properties.when.oneOf as Schema[];
    expect([
      pattern(cron.properties.cron).test('0 9 * * 1-5'),
      pattern(cron.properties.cron).test('0 9 * * 5-1'),
    ]).toEqual([true, false]);
    expect(pattern(once.properties.start).test('2026-12-24T00:00')).toBe(true);
    expect(schema.properties.timeZone.enum).toEqual(expect.arrayContaining(['UTC', 'Europe/Berlin']));
    expect(schema.required).toEqual(expect.arrayContaining(['effect', 'when', 'timeZone', 'reason']));
    const id = pattern(param('delete', '/windows/{id}', 'id').schema);
    expect([id.test('holiday-freeze'), id.test('x')]).toEqual([true, false]);
  });

  it('requires the plan body of a start and a dry run', () => {
    expect(jsonBody('post', '/rollouts').required).toBe(true);
    expect(jsonBody('post', '/plans/validate').required).toBe(true);
  });

  it("bounds every integer to zod's safe integers", () => {
    const unbounded: string[] = [];
    const visit = (node: unknown, where: string) => {
      if (!node || typeof node !== 'object') return;
      const schema = node as Schema;
      if (schema.type === 'integer' && (schema.maximum === undefined || schema.minimum === undefined)) {
        if (schema.exclusiveMaximum === undefined && schema.exclusiveMinimum === undefined) unbounded.push(where);
      }
      for (const [key, value] of Object.entries(schema)) visit(value, `${where}.${key}`);
    };
    visit(doc, '');
    expect(unbounded).toEqual([]);
    expect(doc.components.schemas.RolloutPlan.properties.analysis.properties.minRequests.maximum).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });

  it('states the UUID rules zod checks beyond `format: uuid`', () => {
    const subscription = pattern(doc.components.schemas.RolloutPlan.properties.subscriptionId);
    expect(subscription.test('3f2b8c1e-6d4a-4e7b-9a1c-5e8f0d2b7a64')).toBe(true);
    expect(subscription.test('3f2b8c1e-6d4a-0e7b-9a1c-5e8f0d2b7a64')).toBe(false); // version 0: zod refuses it
    const runId = pattern(param('get', '/rollouts/{id}', 'runId').schema);
    expect([runId.test('3f2b8c1e-6d4a-0e7b-9a1c-5e8f0d2b7a64'), runId.test('not-a-run')]).toEqual([true, false]);
  });

  it('documents the alert secret header as the hook’s security scheme', () => {
    expect(doc.components.securitySchemes.webhookSecret).toEqual({
      type: 'apiKey',
      in: 'header',
      name: 'X-Webhook-Secret',
    });
    expect(operation('post', '/hooks/azure-monitor').security).toEqual([{ webhookSecret: [] }]);
  });
});
