import { join } from 'node:path';
import { seqMinuteJudge } from '../../../bench/judge/judges/seq';
import {
  lagGatedDecision,
  lagMinutesNeeded,
  seqLaggedJudge,
  simulatedMonitor,
} from '../../../bench/judge/judges/seq-lagged';
import { loadScenarios, type Scenario } from '../../../bench/judge/scenario';
import { simulate } from '../../../bench/judge/simulate';
import { AZURE_METRICS } from '../../../activities/metric-samples';

const scenarios = loadScenarios(join(__dirname, '../../../bench/scenarios'));
const byName = (prefix: string): Scenario => scenarios.find((s) => s.name.startsWith(prefix)) as Scenario;
const target = { subscriptionId: 's', resourceGroup: 'r', workspace: 'w', endpoint: 'e' };
const T0 = Date.UTC(2025, 0, 1);

describe('SEQ through the lagged, minute-grain read path', () => {
  it('serves whole minutes only once ingested (3 min after they end), with no point for a minute without requests', async () => {
    const s = byName('s0-');
    const run = simulate(s, 1, lagMinutesNeeded(s));
    run.minutes.green.n[1] = 0;
    run.minutes.green.errors[1] = 0;
    const port = simulatedMonitor(run, { nowS: 330 });
    const [rpm] = await port.query(target, ['RequestsPerMinute'], {
      startTime: new Date(T0),
      endTime: new Date(T0 + 600_000),
      interval: 'PT1M',
      aggregation: 'Total',
      filter: "deployment eq '*' and statusCode eq '*'",
      top: 100,
    });
    const at = (dep: string) =>
      rpm.timeseries
        .filter((t) => t.metadatavalues?.some((m) => m.value === dep))
        .flatMap((t) => (t.data ?? []).map((d) => (d.timeStamp.getTime() - T0) / 1000));
    expect(new Set(at('blue'))).toEqual(new Set([0, 60]));
    expect(new Set(at('green'))).toEqual(new Set([0]));
    const total = rpm.timeseries
      .filter((t) => t.metadatavalues?.some((m) => m.value === 'blue'))
      .reduce(
        (sum, t) =>
          sum + (t.data ?? []).filter((d) => d.timeStamp.getTime() === T0).reduce((x, d) => x + (d.total ?? 0), 0),
        0,
      );
    expect(total).toBe(run.minutes.blue.n[0]);
  });

  it.each(['s0-', 's1-', 's3-', 's8-'])(
    'makes the 1-min decision on the same minutes, one worker lag (4 min) later (%s)',
    async (prefix) => {
      const s = byName(prefix);
      for (const seed of [0, 1, 2]) {
        const run = simulate(s, seed, lagMinutesNeeded(s));
        const minute = seqMinuteJudge.decide({ scenario: s, seed, run });
        expect(await seqLaggedJudge.decide({ scenario: s, seed, run })).toEqual({
          kind: minute.kind,
          atS: minute.atS + AZURE_METRICS.lagMs / 1000,
        });
      }
    },
  );

  it('never passes when the lag is shorter than the ingestion delay: the minutes read are missing data', async () => {
    const s = byName('s0-');
    const run = simulate(s, 0, lagMinutesNeeded(s));
    const decision = await lagGatedDecision(s, run, { grainMs: 60_000, lagMs: 60_000 });
    expect(decision.kind).toBe('none');
  });
});
