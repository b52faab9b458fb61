// The probes over an in-memory gateway: /readyz follows the gateway's readiness, /healthz does not.
import request from 'supertest';
import { memoryApp, memoryGateway } from '../../../support/memory-gateway';

describe('probes', () => {
  it('answers ready while the gateway reaches Temporal, and 503 with the reason when it does not', async () => {
    const gateway = memoryGateway();
    const app = memoryApp(gateway);
    await request(app).get('/readyz').expect(200, { status: 'ready', temporal: '127.0.0.1:1' });
    gateway.setReady(false);
    const down = await request(app).get('/readyz').expect(503);
    expect(down.body).toEqual({ status: 'unavailable', temporal: '127.0.0.1:1', message: 'connection refused' });
    await request(app).get('/healthz').expect(200, { status: 'ok' });
  });
});
