// The event-label likelihood ratio told the true error ratio: the log-optimal e-process on the labels the issue's
// judge uses, with all of alpha (0.05) on errors. What no label judge, whatever its prior, is expected to beat by
// much; errors only, so it has nothing to test on a good release or a latency regression and never decides there.
import { theta } from '../../../analysis/label-eprocess';
import { errorRateAt } from '../simulate';
import { shareAt } from '../scenario';
import type { BenchJudge, JudgeContext } from './types';

export const LABEL_ORACLE_ALPHA = 0.05;

export const labelOracleJudge: BenchJudge = {
  name: 'Label LR (true ratio)',
  decide({ scenario, run }: JudgeContext) {
    const bar = Math.log(1 / LABEL_ORACLE_ALPHA);
    let llr = 0;
    for (let t = 0; t < run.seconds; t++) {
      const r = errorRateAt(scenario, 'green', t) / errorRateAt(scenario, 'blue', t);
      if (!(r > 1)) continue;
      const rho = shareAt(scenario, t);
      const th = theta(rho, r);
      llr += run.ticks.green.errors[t] * Math.log(th / rho) + run.ticks.blue.errors[t] * Math.log((1 - th) / (1 - rho));
      if (llr >= bar) return { kind: 'rollback', atS: t + 1 };
    }
    return { kind: 'none', atS: run.seconds };
  },
};
