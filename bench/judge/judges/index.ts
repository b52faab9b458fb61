// The judges every scenario is run through, in report order.
import { argoJudge } from './argo';
import { flaggerJudge, FLAGGER_DEFAULT } from './flagger';
import { kayentaJudge, KAYENTA_10M, KAYENTA_1H } from './kayenta';
import { labelOracleJudge } from './label-oracle';
import { oracleJudge } from './oracle';
import { seqMinuteJudge, seqSecondJudge } from './seq';
import { seqLaggedJudge } from './seq-lagged';
import type { AnyBenchJudge } from './types';

export const JUDGES: AnyBenchJudge[] = [
  seqSecondJudge,
  seqMinuteJudge,
  seqLaggedJudge,
  flaggerJudge('Flagger (1m, thr 5)', FLAGGER_DEFAULT),
  flaggerJudge('Flagger (1m, thr 1)', { ...FLAGGER_DEFAULT, threshold: 1 }),
  argoJudge('Argo (5m, limit 3)'),
  kayentaJudge('Kayenta (3×1h)', KAYENTA_1H),
  kayentaJudge('Kayenta (3×10m)', KAYENTA_10M),
  oracleJudge,
  labelOracleJudge,
];
