// Live traffic from the start (`traffic: { rps }`) and its control through the admin API: rate, stop, status.
import { useTestEmulator } from '../../support/emulator';
import { raw } from '../../support/raw';

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
