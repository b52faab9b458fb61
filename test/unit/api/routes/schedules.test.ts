// The schedule routes over an in-memory gateway: create (checked plan, 201 with the view), duplicates, list, read,
// pause, resume, update (plan re-checked), delete.
import request from 'supertest';
import { MEMORY_TOKENS, memoryApp, memoryGateway, type MemoryGateway } from '../../../support/memory-gateway';

let gateway: MemoryGateway;
let app: ReturnType<typeof memoryApp>;
const admin = { Authorization: `Bearer ${MEMORY_TOKENS.admin}` };
const viewer = { Authorization: `Bearer ${MEMORY_TOKENS.viewer}` };
const plan = {
  endpoint: 'heart-ep',
  candidate: { model: 'azureml:heart-classifier@latest' },
  stages: [{ kind: 'deploy' }, { kind: 'promote', watch: '0s' }],
};

beforeEach(() => {
  gateway = memoryGateway();
  app = memoryApp(gateway);
});

describe('schedules', () => {
  it('creates a schedule through the gateway and answers its view', async () => {
    const created = await request(app)
      .post('/schedules')
      .set(admin)
      .send({ id: 'nightly', every: '6h', plan })
      .expect(201);
    expect(created.headers.location).toBe('/schedules/nightly');
    expect(created.body).toMatchObject({
      id: 'nightly',
      every: '6h',
      paused: false,
      note: 'created by ada',
      links: { self: '/schedules/nightly' },
    });
    expect(gateway.schedules.get('nightly')).toMatchObject({
      target: {
        subscriptionId: '00000000-0000-0000-0000-000000000000',
        resourceGroup: 'rg',
        workspace: 'ws',
        endpoint: 'heart-ep',
      },
      plan: { candidate: { model: 'azureml:heart-classifier@latest' } },
    });
  });

  it('names the schedule after the endpoint when no id is given, and refuses a second one with 409', async () => {
    await request(app).post('/schedules').set(admin).send({ cron: '0 6 * * 1-5', plan }).expect(201);
    expect([...gateway.schedules.keys()]).toEqual(['canary-heart-ep']);
    const again = await request(app).post('/schedules').set(admin).send({ cron: '0 6 * * 1-5', plan }).expect(409);
    expect(again.body.error.code).toBe('InvalidState');
  });

  it('refuses a plan the live check finds problems with, naming the fields under plan.', async () => {
    gateway.planProblems = [{ path: 'candidate.model', rule: 'model.exists', message: 'no such model' }];
    const refused = await request(app).post('/schedules').set(admin).send({ every: '1h', plan }).expect(400);
    expect(refused.body.error).toMatchObject({ code: 'InvalidPlan', details: [{ path: 'plan.candidate.model' }] });
    expect(gateway.schedules.size).toBe(0);
  });

  it('lists, then deletes, and answers 404 for a schedule that is gone or never could exist', async () => {
    await request(app).post('/schedules').set(admin).send({ id: 'nightly', every: '6h', plan }).expect(201);
    const listed = await request(app).get('/schedules').set(viewer).expect(200);
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual(['nightly']);
    await request(app).delete('/schedules/nightly').set(admin).expect(204);
    await request(app).delete('/schedules/nightly').set(admin).expect(404);
    await request(app).delete('/schedules/1-not-an-id').set(admin).expect(404);
    expect((await request(app).get('/schedules').set(viewer).expect(200)).body.items).toEqual([]);
  });

  it('pauses and resumes with the actor and reason as the note, admin only', async () => {
    await request(app).post('/schedules').set(admin).send({ id: 'nightly', every: '6h', plan }).expect(201);
    await request(app).post('/schedules/nightly/pause').set(viewer).send({}).expect(403);
    const paused = await request(app)
      .post('/schedules/nightly/pause')
      .set(admin)
      .send({ reason: 'freeze week' })
      .expect(200);
    expect(paused.body).toMatchObject({ id: 'nightly', paused: true, note: 'paused by ada: freeze week' });
    const resumed = await request(app).post('/schedules/nightly/resume').set(admin).expect(200);
    expect(resumed.body).toMatchObject({ paused: false, note: 'resumed by ada' });
    const blank = await request(app).post('/schedules/nightly/pause').set(admin).send({ reason: '  ' }).expect(400);
    expect(blank.body.error.code).toBe('InvalidRequest');
    await request(app).post('/schedules/missing/pause').set(admin).send({}).expect(404);
    expect((await request(app).get('/schedules/nightly').set(viewer).expect(200)).body.paused).toBe(false);
  });

  it('updates the spec, the plan (checked live first) or the note, keeping the rest', async () => {
    await request(app).post('/schedules').set(admin).send({ id: 'nightly', every: '6h', plan }).expect(201);
    const respecified = await request(app)
      .patch('/schedules/nightly')
      .set(admin)
      .send({ cron: '0 6 * * 1-5' })
      .expect(200);
    expect(respecified.body).toMatchObject({ cron: '0 6 * * 1-5', note: 'created by ada' });
    expect(respecified.body.every).toBeUndefined();
    const pinned = { ...plan, candidate: { model: 'azureml:heart-classifier:2' } };
    const replanned = await request(app).patch('/schedules/nightly').set(admin).send({ plan: pinned }).expect(200);
    expect(replanned.body.template.plan.candidate.model).toBe('azureml:heart-classifier:2');
    expect(replanned.body.cron).toBe('0 6 * * 1-5');

    gateway.planProblems = [{ path: 'candidate.model', rule: 'model.exists', message: 'no such model' }];
    const refused = await request(app).patch('/schedules/nightly').set(admin).send({ plan }).expect(400);
    expect(refused.body.error).toMatchObject({ code: 'InvalidPlan', details: [{ path: 'plan.candidate.model' }] });
    expect(gateway.schedules.get('nightly')?.plan.candidate.model).toBe('azureml:heart-classifier:2');
  });

  it('refuses an empty change, both cron and every, unknown fields, and an unknown schedule', async () => {
    await request(app).post('/schedules').set(admin).send({ id: 'nightly', every: '6h', plan }).expect(201);
    const empty = await request(app).patch('/schedules/nightly').set(admin).send({}).expect(400);
    expect(empty.body.error.message).toMatch(/at least one of/);
    await request(app).patch('/schedules/nightly').set(admin).send({ cron: '0 6 * * *', every: '1h' }).expect(400);
    await request(app).patch('/schedules/nightly').set(admin).send({ paused: true }).expect(400);
    await request(app).patch('/schedules/missing').set(admin).send({ note: 'x' }).expect(404);
    await request(app).patch('/schedules/nightly').set(viewer).send({ note: 'x' }).expect(403);
  });
});
