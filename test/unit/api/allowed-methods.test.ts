// Methods the OpenAPI document does not declare answer 405 with Allow; OPTIONS lists the same methods.
import express from 'express';
import request from 'supertest';
import { allowedMethods, methodNotAllowed } from '../../../api/allowed-methods';
import { errorHandler } from '../../../api/errors';
import { openApiDocument } from '../../../api/openapi';

const paths = openApiDocument().paths ?? {};
const app = express();
app.use(methodNotAllowed(paths));
app.all('/{*rest}', (_req, res) => res.status(299).end());
app.use(errorHandler({ error: () => undefined }));

describe('undeclared methods', () => {
  it('lists the documented methods per path, HEAD with GET, OPTIONS always', () => {
    const allow = (path: string) => allowedMethods(paths).find((row) => row.pattern.test(path))?.allow;
    expect(allow('/rollouts')).toEqual(['GET', 'HEAD', 'OPTIONS', 'POST']);
    expect(allow('/rollouts/rollout%3As%2Frg%2Fws%2Fep/promote')).toEqual(['OPTIONS', 'POST']);
    expect(allow('/schedules/canary-ep')).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH']);
    expect(allow('/schedules/canary-ep/pause')).toEqual(['OPTIONS', 'POST']);
    expect(allow('/nowhere')).toBeUndefined();
  });

  it.each([
    ['delete', '/rollouts', 'GET, HEAD, OPTIONS, POST'],
    ['put', '/rollouts/heart-ep/approve', 'OPTIONS, POST'],
    ['put', '/schedules/canary-ep', 'DELETE, GET, HEAD, OPTIONS, PATCH'],
    ['patch', '/healthz', 'GET, HEAD, OPTIONS'],
  ] as const)('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
    const response = await request(app)[method](path).expect(405);
    expect(response.headers.allow).toBe(allow);
    expect(response.body.error.code).toBe('MethodNotAllowed');
  });

  it('answers OPTIONS with 204 and Allow', async () => {
    const response = await request(app).options('/schedules').expect(204);
    expect(response.headers.allow).toBe('GET, HEAD, OPTIONS, POST');
  });

  it('passes declared methods and unknown paths on', async () => {
    await request(app).get('/rollouts').expect(299);
    await request(app).head('/rollouts/heart-ep').expect(299);
    await request(app).put('/nowhere').expect(299);
  });
});
