import { join } from 'node:path';
import { argoJudge } from '../../../bench/judge/judges/argo';
import { flaggerJudge, FLAGGER_DEFAULT } from '../../../bench/judge/judges/flagger';
import { kayentaJudge, KAYENTA_10M } from '../../../bench/judge/judges/kayenta';
import { labelOracleJudge } from '../../../bench/judge/judges/label-oracle';
import { mannWhitneyClassify } from '../../../bench/judge/judges/mann-whitney';
import { oracleJudge } from '../../../bench/judge/judges/oracle';
import { seqMinuteJudge } from '../../../bench/judge/judges/seq';
import type { JudgeContext } from '../../../bench/judge/judges/types';
import { wilson } from '../../../bench/judge/metrics';
import { loadScenarios, type Scenario } from '../../../bench/judge/scenario';
import { simulate, type SimRun } from '../../../bench/judge/simulate';

const scenarios = loadScenarios(join(__dirname, '../../../bench/scenarios'));
const byName = (prefix: string): Scenario => scenarios.find((s) => s.name.startsWith(prefix)) as Scenario;

/** A hand-made stream: green's per-minute errors and p99 as given, 600 requests a minute, blue clean. */
function handRun(errors: number[], p99: number[]): SimRun {
  const minutes = errors.length;
  const arm = (errs: number[], p: number[]) => ({
    n: Int32Array.from(errs.map(() => 600)),
    errors: Int32Array.from(errs),
    pct: Float64Array.from(p.flatMap((x) => [80, 150, 180, x])),
  });
  const empty = { n: new Int32Array(0), errors: new Int32Array(0) };
  return {
    seconds: minutes * 60,
    ticks: { green: empty, blue: empty, overGreen: new Int32Array(0), overBlue: new Int32Array(0) },
    minutes: {
      green: arm(errors, p99),
      blue: arm(
        errors.map(() => 3),
        p99.map(() => 256),
      ),
    },
  };
}
const ctx = (run: SimRun): JudgeContext => ({ scenario: byName('s0-'), seed: 1, run });

describe('Flagger-style judge', () => {
  it.each([
    ['rolls back on the fifth failed check', [0, 9, 9, 0, 9, 9, 9, 0], 'rollback', 420],
    ['counts failures cumulatively, not consecutively', [9, 0, 9, 0, 9, 0, 9, 0, 9], 'rollback', 540],
    ['promotes after 25 clean checks', Array(30).fill(2), 'promote', 1500],
  ])('%s', (_name, errors, kind, atS) => {
    const run = handRun(
      errors as number[],
      (errors as number[]).map(() => 256),
    );
    expect(flaggerJudge('f', FLAGGER_DEFAULT).decide(ctx(run))).toEqual({ kind, atS });
  });

  it('counts a minute with no canary requests as a failed check', () => {
    const run = handRun(Array(30).fill(0), Array(30).fill(256));
    for (let m = 0; m < 5; m++) run.minutes.green.n[m] = 0;
    expect(flaggerJudge('f').decide(ctx(run))).toEqual({ kind: 'rollback', atS: 300 });
  });

  it('fails a check on p99 above 500 ms', () => {
    const run = handRun(Array(30).fill(0), Array(30).fill(600));
    expect(flaggerJudge('f', { ...FLAGGER_DEFAULT, threshold: 1 }).decide(ctx(run))).toEqual({
      kind: 'rollback',
      atS: 60,
    });
  });
});

describe('Argo-style judge', () => {
  it('fails on the fourth failed 5-minute measurement (failed > failureLimit 3)', () => {
    const s = { ...byName('s1-'), green: { ...byName('s1-').green, errorRate: 0.05 } };
    const run = simulate(s, 1, 30);
    expect(argoJudge('a').decide({ scenario: s, seed: 1, run })).toEqual({ kind: 'rollback', atS: 1200 });
  });
  it('succeeds after six clean measurements', () => {
    const s = byName('s0-');
    expect(argoJudge('a').decide({ scenario: s, seed: 1, run: simulate(s, 1, 30) })).toEqual({
      kind: 'promote',
      atS: 1800,
    });
  });
});

describe('Kayenta-style judge', () => {
  it.each([
    ['High when the experiment is clearly above', [5, 6, 7, 8, 9, 10, 11, 12], [1, 2, 1, 2, 1, 2, 1, 2], 'High'],
    ['Pass on identical samples', [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], 'Pass'],
    [
      'Pass on sparse error data (kayenta #426: mostly zeros)',
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.02],
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      'Pass',
    ],
    ['Low when clearly below', [1, 2, 1, 2, 1, 2, 1, 2], [5, 6, 7, 8, 9, 10, 11, 12], 'Low'],
    ['NoData on an empty series', [], [1, 2], 'NoData'],
  ])('classifies %s', (_name, exp, ctl, expected) => {
    expect(mannWhitneyClassify(exp, ctl)).toBe(expected);
  });

  it('fails fast after the first 10-minute interval when p99 is clearly higher', () => {
    const run = handRun(Array(30).fill(3), Array(30).fill(400));
    expect(kayentaJudge('k', KAYENTA_10M).decide(ctx(run))).toEqual({ kind: 'rollback', atS: 600 });
  });
});

describe('oracle SPRT and SEQ on one stream', () => {
  it('has nothing to test on a good release', () => {
    const s = { ...byName('s0-'), durationS: 300 };
    expect(oracleJudge.decide({ scenario: s, seed: 2, run: simulate(s, 2, 5) }).kind).toBe('none');
  });
  it('both roll back a +1 pp release, the oracle no later than 20 minutes', () => {
    const s = byName('s1-');
    const run = simulate(s, 4, 30);
    expect(oracleJudge.decide({ scenario: s, seed: 4, run }).kind).toBe('rollback');
    expect(seqMinuteJudge.decide({ scenario: s, seed: 4, run }).kind).toBe('rollback');
  });
});

describe('label likelihood ratio told the true ratio', () => {
  /** Ten seconds with one green and one blue error a second. */
  function errorTicks(): SimRun {
    const series = () => ({ n: new Int32Array(10).fill(10), errors: new Int32Array(10).fill(1) });
    const minutes = { n: new Int32Array(0), errors: new Int32Array(0), pct: new Float64Array(0) };
    return {
      seconds: 10,
      ticks: { green: series(), blue: series(), overGreen: new Int32Array(0), overBlue: new Int32Array(0) },
      minutes: { green: minutes, blue: minutes },
    };
  }

  it("rolls back when the labels' log likelihood ratio first reaches ln(1/0.05)", () => {
    // Ratio 3 at a 5 % share: a green label adds ln(0.1364/0.05) = 1.003, a blue one ln(0.8636/0.95) = −0.095,
    // so 0.908 a second: 2.72 after three seconds, 3.63 after four, past ln 20 = 3.00.
    expect(labelOracleJudge.decide({ scenario: byName('s1-'), seed: 1, run: errorTicks() })).toEqual({
      kind: 'rollback',
      atS: 4,
    });
  });

  it.each(['s0-', 's3-'])('has nothing to test when the error rates are equal (%s)', (prefix) => {
    const s = { ...byName(prefix), durationS: 300 };
    expect(labelOracleJudge.decide({ scenario: s, seed: 2, run: simulate(s, 2, 5) }).kind).toBe('none');
  });
});

describe('Wilson interval', () => {
  it.each([
    [0, 2000, 0, 0.00192],
    [50, 1000, 0.0381, 0.0653],
  ])('for %p of %p', (k, n, lo, hi) => {
    const w = wilson(k, n);
    expect(w.lo).toBeCloseTo(lo, 4);
    expect(w.hi).toBeCloseTo(hi, 4);
  });
});
