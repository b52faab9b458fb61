// Oracle SPRT: knows both arms' true error rates and latency laws at every moment, and runs Wald's SPRT on the
// green requests alone (errors and histogram buckets), alpha 0.025 and beta 0.05: the achievable floor, overshoot
// included. On a good release green and blue are equal, so it has nothing to test and never decides.
import { bucketProbs, FLOOR_ALPHA, FLOOR_BETA } from '../floor';
import { BOUNDS_MS, errorRateAt, lawCache } from '../simulate';
import type { BenchJudge, Decision, JudgeContext } from './types';

export const oracleJudge: BenchJudge = {
  name: 'Oracle SPRT',
  decide({ scenario, run }: JudgeContext): Decision {
    const upper = Math.log((1 - FLOOR_BETA) / FLOOR_ALPHA);
    const lower = Math.log(FLOOR_BETA / (1 - FLOOR_ALPHA));
    const law = lawCache(scenario);
    const B = BOUNDS_MS.length;
    const ratios = new Map<string, number[]>();
    let llr = 0;
    for (let t = 0; t < run.seconds; t++) {
      const n = run.ticks.green.n[t];
      if (n === 0) continue;
      const [pg, pb] = [errorRateAt(scenario, 'green', t), errorRateAt(scenario, 'blue', t)];
      const e = run.ticks.green.errors[t];
      if (pg !== pb) llr += e * Math.log(pg / pb) + (n - e) * Math.log((1 - pg) / (1 - pb));
      const [lg, lb] = [law('green', t), law('blue', t)];
      const key = `${lg.survival(100)}/${lb.survival(100)}`;
      let lr = ratios.get(key);
      if (!lr) {
        const [qg, qb] = [bucketProbs(lg), bucketProbs(lb)];
        ratios.set(key, (lr = qg.map((q, j) => (q > 0 && qb[j] > 0 ? Math.log(q / qb[j]) : 0))));
      }
      let above = n;
      for (let j = 0; j <= B; j++) {
        const next = j < B ? run.ticks.overGreen[t * B + j] : 0;
        llr += (above - next) * lr[j];
        above = next;
      }
      if (llr >= upper) return { kind: 'rollback', atS: t + 1 };
      if (llr <= lower) return { kind: 'promote', atS: t + 1 };
    }
    return { kind: 'none', atS: run.seconds };
  },
};
