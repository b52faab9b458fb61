// The audit trail over an in-memory gateway: state changes and refusals land in GET /audit under their route
// template with actor, target, request id and outcome; reads do not; filters, cursor, JSON lines and verification.
import request from 'supertest';
import { MEMORY_TOKENS, memoryApp, memoryGateway } from '../../support/memory-gateway';

const admin = { Authorization: `Bearer ${MEMORY_TOKENS.admin}` };
const viewer = { Authorization: `Bearer ${MEMORY_TOKENS.viewer}` };
const plan = {
  endpoint: 'heart-ep',
  candidate: { model: 'azureml:heart-classifier@latest' },
  stages: [{ kind: 'deploy' }, { kind: 'promote', watch: '0s' }],
};

describe('audit trail', () => {
  const app = memoryApp(memoryGateway());

  beforeAll(async () => {
    await request(app)
      .post('/schedules')
      .set(admin)
      .set('X-Request-Id', 'req-1')
      .send({ id: 'nightly', every: '6h', plan });
    await request(app).post('/schedules').set(viewer).send({ id: 'other', every: '6h', plan });
    await request(app).delete('/schedules/nightly').set('Authorization', 'Bearer wrong-token');
    await request(app).get('/schedules').set(admin);
    await request(app).get('/audit').set(viewer);
    await request(app).post('/ui/login').type('form').send({ token: MEMORY_TOKENS.viewer });
  });

  it('records state changes and refusals, not reads, newest first', async () => {
    const { body } = await request(app).get('/audit').set(admin).expect(200);
    expect(body.items.map((e: { action: string; outcome: number }) => [e.action, e.outcome])).toEqual([
      ['POST /ui/login', 303],
      ['GET /audit', 403],
      ['DELETE /schedules/{id}', 401],
      ['POST /schedules', 403],
      ['POST /schedules', 201],
    ]);
    expect(body.items[4]).toMatchObject({ actor: 'ada', target: 'nightly', requestId: 'req-1', source: 'api' });
    expect(body.items[3]).toMatchObject({ actor: 'vera', reason: expect.stringContaining('Forbidden') });
    expect(body.items[2]).toMatchObject({ actor: 'anonymous', target: 'nightly' });
    expect(body.items[0]).toMatchObject({ actor: 'vera', target: '/ui/login' });
  });

  it('filters, pages by cursor and exports JSON lines', async () => {
    const refused = await request(app).get('/audit?outcome=403&limit=1').set(admin).expect(200);
    expect(refused.body.items).toHaveLength(1);
    const next = await request(app).get(`/audit?outcome=403&limit=1&cursor=${refused.body.nextCursor}`).set(admin);
    expect(next.body.items[0].action).toBe('POST /schedules');
    expect(next.body.nextCursor).toBeUndefined();
    const lines = await request(app).get('/audit?action=schedules').set(admin).set('Accept', 'application/x-ndjson');
    expect(lines.headers['content-type']).toMatch(/application\/x-ndjson/);
    expect(
      lines.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).action),
    ).toEqual(['DELETE /schedules/{id}', 'POST /schedules', 'POST /schedules']);
    const exported = await request(app).get('/audit/export?actor=ada').set(admin).expect(200);
    expect(
      exported.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).outcome),
    ).toEqual([201]);
  });

  it('verifies the chain', async () => {
    const { body } = await request(app).get('/audit/verify').set(admin).expect(200);
    expect(body).toMatchObject({ ok: true, head: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});
