// Live traffic from the start (`traffic: { rps }`) and its control through the admin API: rate, stop, status, and
// `endpoint: '*'`, which follows every endpoint with live traffic (a first release's new endpoint too).
import { createEndpoint, setTraffic } from '../../support/data-plane-setup';
import { useTestEmulator } from '../../support/emulator';
import { raw } from '../../support/raw';
import { waitFor } from '../../support/wait';

const emu = useTestEmulator({ traffic: { rps: 40 } });

const served = () => emu.context.requests('heart-ep', 0, Date.now() + 1).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('sends live traffic from the start and obeys rate changes and stop', async () => {
  await sleep(600);
  expect(served()).toBeGreaterThan(5);
  const status = await raw(emu, 'GET', `${emu.info.adminUrl}/traffic`);
  expect(status.body).toMatchObject({ running: true, endpoint: 'heart-ep', rps: 40 });

  expect((await raw(emu, 'DELETE', `${emu.info.adminUrl}/traffic`)).body).toEqual({ running: false });
  const stopped = served();
  await sleep(300);
  expect(served()).toBe(stopped);

  const started = await raw(emu, 'POST', `${emu.info.adminUrl}/traffic`, { rps: 0, endpoint: 'heart-k8s' });
  expect(started.body).toMatchObject({ running: true, endpoint: 'heart-k8s', rps: 0 });
  expect((await raw(emu, 'PUT', `${emu.info.adminUrl}/traffic/rate`, { rps: 50 })).body.rps).toBe(50);
  await sleep(500);
  expect(emu.context.requests('heart-k8s', 0, Date.now() + 1).length).toBeGreaterThan(5);
  const refused = await raw(emu, 'POST', `${emu.info.adminUrl}/traffic`, { rps: 5, endpoint: 'nope' });
  expect(refused.status).toBe(400);
  expect(refused.body.error.message).toContain("endpoint: no endpoint named 'nope'");
  await emu.faults.traffic.stop();
});

it("follows every endpoint with live traffic ('*'): a new one once it has traffic, with bodies its model reads", async () => {
  const since = Date.now();
  const servedSince = (endpoint: string) => emu.context.requests(endpoint, since, Date.now() + 1);
  const started = await raw(emu, 'POST', `${emu.info.adminUrl}/traffic`, { rps: 30, endpoint: '*' });
  expect(started.body).toMatchObject({ running: true, endpoint: '*', rps: 30 });
  expect(Object.keys(started.body.endpoints).sort()).toEqual(['heart-ep', 'heart-k8s', 'regression-ep']);

  await createEndpoint(emu, 'fresh-ep', [{ name: 'blue', version: 1 }]);
  await sleep(700);
  expect(servedSince('fresh-ep')).toEqual([]); // created, but no live weight yet: nobody calls it
  await setTraffic(emu, 'fresh-ep', { blue: 100 });
  await waitFor('live traffic on fresh-ep', () => (servedSince('fresh-ep').length > 5 ? true : undefined), 10_000);
  // Bodies fit each endpoint's model: the regression scoring script's rows of numbers, heart rows elsewhere.
  for (const endpoint of ['heart-ep', 'regression-ep', 'fresh-ep']) {
    const statuses = servedSince(endpoint).map((r) => r.status);
    expect(statuses.length).toBeGreaterThan(5);
    expect(statuses.filter((status) => status === 400)).toEqual([]); // 400: the scoring route refused the body
  }
  const status = await raw(emu, 'GET', `${emu.info.adminUrl}/traffic`);
  expect(status.body.endpoints['fresh-ep'].sent).toBeGreaterThan(0);
  expect(status.body.stats.sent).toBe(
    Object.values(status.body.endpoints as Record<string, { sent: number }>).reduce((n, s) => n + s.sent, 0),
  );

  await setTraffic(emu, 'fresh-ep', { blue: 0 });
  await sleep(700);
  const after = servedSince('fresh-ep').length;
  await sleep(500);
  expect(servedSince('fresh-ep').length).toBe(after);
  expect(Object.keys((await raw(emu, 'GET', `${emu.info.adminUrl}/traffic`)).body.endpoints)).not.toContain('fresh-ep');
  expect((await raw(emu, 'DELETE', `${emu.info.adminUrl}/traffic`)).body).toEqual({ running: false });
});
