// In-process checks of what the API answers before it ever talks to Temporal: auth, roles, body parsing, docs.
import request from 'supertest';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../../api/app';
import { gatewayFromConfig } from '../../../api/rollouts-gateway';
import { parseConfig } from '../../../api/config';
import { sha256Hex } from '../../../api/auth';

const tokens = { viewer: 'viewer-token-123', sre: 'sre-token-123', rm: 'rm-token-123', admin: 'admin-token-123' };
const config = parseConfig({
  API_TOKENS: JSON.stringify([
    { name: 'vera', role: 'viewer', sha256: sha256Hex(tokens.viewer) },
    { name: 'sam', role: 'sre', sha256: sha256Hex(tokens.sre) },
    { name: 'rita', role: 'release-manager', sha256: sha256Hex(tokens.rm) },
    { name: 'ada', role: 'admin', sha256: sha256Hex(tokens.admin) },
  ]),
  AZURE_SUBSCRIPTION_ID: '00000000-0000-0000-0000-000000000000',
  AZURE_RESOURCE_GROUP: 'rg',
  AZURE_WORKSPACE: 'ws',
  TEMPORAL_ADDRESS: '127.0.0.1:1',
  ALERT_WEBHOOK_SECRET: 'a-very-secret-value',
  LOG_LEVEL: 'silent',
  API_BODY_LIMIT: '2kb',
});
const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
const app = createApp({ gateway: gatewayFromConfig(client, config), config });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('the API before Temporal', () => {
  it('answers /healthz without a token', async () => {
    await request(app).get('/healthz').expect(200, { status: 'ok' });
  });

  it('refuses a missing or unknown token with 401 and a Bearer challenge', async () => {
    const missing = await request(app).get('/rollouts').expect(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect(missing.body.error.code).toBe('Unauthenticated');
    await request(app).get('/rollouts').set(bearer('nope')).expect(401);
  });

  it.each([
    ['viewer', 'post', '/rollouts'],
    ['viewer', 'post', '/rollouts/heart-ep/approve'],
    ['sre', 'post', '/rollouts/heart-ep/approve'],
    ['sre', 'post', '/rollouts/heart-ep/promote'],
    ['rm', 'post', '/schedules'],
    ['rm', 'delete', '/schedules/x-schedule'],
  ] as const)('refuses %s on %s %s with 403', async (who, method, path) => {
    const response = await request(app)[method](path).set(bearer(tokens[who])).send({});
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('Forbidden');
  });

  it('answers malformed JSON with a 400 that says so', async () => {
    const response = await request(app)
      .post('/rollouts')
      .set(bearer(tokens.rm))
      .set('Content-Type', 'application/json')
      .send('{"endpoint": ');
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/malformed JSON/);
  });

  it('answers malformed YAML with a 400 naming the line', async () => {
    const response = await request(app)
      .post('/plans/validate')
      .set(bearer(tokens.viewer))
      .set('Content-Type', 'application/yaml')
      .send('endpoint: heart-ep\ncandidate: [unclosed\n');
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/malformed YAML at line \d+/);
  });

  it('lists every invalid plan field, unknown fields included', async () => {
    const response = await request(app)
      .post('/rollouts')
      .set(bearer(tokens.rm))
      .send({
        endpoint: '1bad',
        candidate: { model: 'heart:2', colour: 'red' },
        stages: [{ kind: 'mirror', percent: 80, duration: '1m' }],
        extra: 1,
      });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('InvalidPlan');
    const paths = response.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['endpoint', 'candidate.model', 'candidate', 'stages[0].percent', '(body)']),
    );
    expect(JSON.stringify(response.body)).toMatch(/unknown field 'extra'/);
  });

  it('refuses an oversize body with 413', async () => {
    const response = await request(app)
      .post('/rollouts')
      .set(bearer(tokens.rm))
      .send({ endpoint: 'x'.repeat(5_000) });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PayloadTooLarge');
  });

  it('refuses an unsupported content type with 415', async () => {
    const response = await request(app)
      .post('/rollouts')
      .set(bearer(tokens.rm))
      .set('Content-Type', 'text/csv')
      .send('a,b');
    expect(response.status).toBe(415);
  });

  it('requires a reason to roll back or promote', async () => {
    const response = await request(app).post('/rollouts/heart-ep/rollback').set(bearer(tokens.sre)).send({});
    expect(response.status).toBe(400);
    expect(response.body.error.details[0]).toMatchObject({ path: 'reason' });
  });

  it('refuses unknown fields and wrong types in a control body', async () => {
    const unknown = await request(app)
      .post('/rollouts/heart-ep/pause')
      .set(bearer(tokens.sre))
      .send({ reason: 'x', force: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/unknown field 'force'/);
    const wrongType = await request(app).post('/rollouts/heart-ep/pause').set(bearer(tokens.sre)).send({ reason: 42 });
    expect(wrongType.status).toBe(400);
  });

  it('refuses a wrong alert secret, and the right one in the URL', async () => {
    await request(app).post('/hooks/azure-monitor').set('X-Webhook-Secret', 'wrong-secret-value').send({}).expect(401);
    const inUrl = await request(app).post('/hooks/azure-monitor?secret=a-very-secret-value').send({}).expect(401);
    expect(inUrl.body.error.message).toBe('the webhook secret is not accepted in the URL: send X-Webhook-Secret');
  });

  it("takes Azure Monitor's secure webhook: an Entra ID token whose principal may roll back", async () => {
    const principals = {
      'action-group-jwt': { name: 'azns-aad-webhook', roles: ['sre' as const], via: 'entra' as const },
      'viewer-jwt': { name: 'someone', roles: ['viewer' as const], via: 'entra' as const },
    };
    const secured = createApp({
      gateway: gatewayFromConfig(client, config),
      config,
      verifyJwt: async (token) => principals[token as keyof typeof principals],
    });
    // Past authentication, the body is checked: the common alert schema is required.
    const accepted = await request(secured).post('/hooks/azure-monitor').set(bearer('action-group-jwt')).send({});
    expect(accepted.status).toBe(400);
    const viewer = await request(secured).post('/hooks/azure-monitor').set(bearer('viewer-jwt')).send({});
    expect(viewer.status).toBe(403);
    await request(secured).post('/hooks/azure-monitor').set(bearer('forged-jwt')).send({}).expect(401);
  });

  it('serves an OpenAPI document built from the contract, and a docs page', async () => {
    const doc = await request(app).get('/openapi.json').expect(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/rollouts',
        '/rollouts/{id}/approve',
        '/plans/validate',
        '/schedules',
        '/hooks/azure-monitor',
      ]),
    );
    expect(doc.body.components.schemas.RolloutPlan.additionalProperties).toBe(false);
    const page = await request(app).get('/docs').expect(200);
    expect(page.text).toContain('/rollouts/{id}/rollback');
  });

  it('answers an undeclared method on a documented path with 405 and Allow, before asking for a token', async () => {
    const response = await request(app).delete('/rollouts').expect(405);
    expect(response.headers.allow).toBe('GET, HEAD, OPTIONS, POST');
    expect(response.body.error.code).toBe('MethodNotAllowed');
  });

  it('refuses an endpoint filter that is not an Azure name, as the document says', async () => {
    const response = await request(app).get('/rollouts?endpoint=heart-').set(bearer(tokens.viewer)).expect(400);
    expect(response.body.error.details).toEqual([
      expect.objectContaining({ path: 'endpoint', message: 'not an Azure endpoint name' }),
    ]);
  });

  it('answers an unknown route with a 404 in the error shape', async () => {
    const response = await request(app).get('/nope').set(bearer(tokens.viewer)).expect(404);
    expect(response.body.error.code).toBe('NotFound');
  });
});
