// The live traffic generator against the started emulator: rate, arrival process, bounds, concurrency, stop.
import { startTrafficGenerator, type TrafficGeneratorOptions } from '../../../emulator/traffic/generator';
import { seededRandom } from '../../../emulator/model/random';
import { useTestEmulator } from '../../support/emulator';
import { waitForQuiet } from '../../support/data-plane-setup';

const EP = 'heart-ep'; // seeded: blue at 100%, maxConcurrentRequestsPerInstance 1 on 1 instance → 429 beyond 2 in flight
const emu = useTestEmulator({ randomSeed: 3 });

const options = (extra: Partial<TrafficGeneratorOptions>): TrafficGeneratorOptions => ({
  scoringUri: emu.info.endpoints.find((e) => e.name === EP)!.scoringUri,
  key: emu.info.endpoints.find((e) => e.name === EP)!.key,
  ca: emu.caCert,
  rps: 50,
  random: seededRandom(17),
  ...extra,
});

describe('traffic generator', () => {
  it('sends evenly spaced requests at the set rate for a bounded time, all answered by blue', async () => {
    emu.faults.setDeploymentBehaviour(EP, 'blue', { latencyMs: { median: 2, p99: 5 }, errorRate: 0 });
    const gen = startTrafficGenerator(options({ rps: 40, arrival: 'uniform', durationMs: 1000, concurrency: 8 }));
    await gen.done();
    await gen.stop();
    const stats = gen.stats();
    // Arrivals a late timer catches up on come in a burst; the ones beyond the concurrency (8: room for a loaded
    // machine's bursts) are skipped, not lost.
    expect(stats.sent + stats.skipped).toBeGreaterThanOrEqual(37);
    expect(stats.sent + stats.skipped).toBeLessThanOrEqual(41);
    expect(stats.sent).toBeGreaterThanOrEqual(30);
    expect(stats).toMatchObject({
      inFlight: 0,
      failed: 0,
      byStatus: { '200': stats.sent },
      byDeployment: { blue: stats.sent },
    });
  });

  it('sends exactly maxRequests with Poisson arrivals, bodies the model accepts', async () => {
    const from = Date.now();
    const gen = startTrafficGenerator(options({ rps: 200, maxRequests: 60, concurrency: 2, rowsPerRequest: 3 }));
    await gen.done();
    await gen.stop();
    expect(gen.stats()).toMatchObject({ sent: 60, completed: 60 });
    await waitForQuiet(emu, EP);
    const served = emu.context.requests(EP, from, Date.now() + 1);
    expect(served.filter((r) => r.status === 200)).toHaveLength(60);
  });

  it('never has more requests in flight than its concurrency (the server would answer 429)', async () => {
    emu.faults.setDeploymentBehaviour(EP, 'blue', { latencyMs: { median: 40, p99: 45 }, errorRate: 0 });
    const gen = startTrafficGenerator(options({ rps: 200, durationMs: 600, concurrency: 2 }));
    await gen.done();
    await gen.stop();
    const stats = gen.stats();
    expect(stats.skipped).toBeGreaterThan(0);
    expect(stats.byStatus['429']).toBeUndefined();
    expect(stats.sent).toBeGreaterThan(10);
    emu.faults.setDeploymentBehaviour(EP, 'blue', { latencyMs: { median: 2, p99: 5 }, errorRate: 0 });
  });

  it('pauses at rate 0, resumes on setRate, and sends nothing after stop', async () => {
    const gen = startTrafficGenerator(options({ rps: 0, concurrency: 2 }));
    await new Promise((r) => setTimeout(r, 200));
    expect(gen.stats().sent).toBe(0);
    gen.setRate(100);
    await new Promise((r) => setTimeout(r, 300));
    await gen.stop();
    const sent = gen.stats().sent;
    expect(sent).toBeGreaterThan(5);
    await new Promise((r) => setTimeout(r, 200));
    expect(gen.stats()).toMatchObject({ sent, inFlight: 0 });
    expect(() => gen.setRate(-1)).toThrow(/rps/);
    await expect(gen.stop()).resolves.toBeUndefined(); // a second stop is harmless
  });
});
