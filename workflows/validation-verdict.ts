// The validate stage's gate: the candidate, called directly, against the stage's limits, and its agreement with
// the baseline on the same inputs. Answers that cannot be compared are reported, not judged. Pure, so it is tested
// as a decision table.
import type { Stage } from '../domain/plan';
import type { Verdict } from '../domain/verdict';
import type { CompareDeploymentsResult } from '../activities/types';

type ValidateStage = Extract<Stage, { kind: 'validate' }>;

export function validationVerdict(result: CompareDeploymentsResult, stage: ValidateStage): Verdict {
  const { candidate } = result;
  const errorRate = candidate.requests > 0 ? candidate.errors / candidate.requests : 1;
  const evidence = {
    requests: candidate.requests,
    errors: candidate.errors,
    errorRate,
    latencyP99Ms: candidate.latencyP99Ms,
    agreement: result.agreement,
    compared: result.compared,
    ...(result.incomparable
      ? { incomparable: result.incomparable, incomparableReason: result.incomparableReason }
      : {}),
    baseline: result.baseline,
    limits: {
      maxErrorRate: stage.maxErrorRate,
      maxP99LatencyMs: stage.maxP99LatencyMs,
      minAgreement: stage.minAgreement,
      ...(stage.tolerance ? { tolerance: stage.tolerance } : {}),
    },
  };
  const notComparable = result.compared === 0 && (result.incomparable ?? 0) > 0;
  const failures: { rule: string; reason: string }[] = [];
  if (candidate.requests === 0) {
    failures.push({ rule: 'validate.noResponses', reason: 'the candidate answered no validation request' });
  } else if (errorRate > stage.maxErrorRate) {
    failures.push({
      rule: 'validate.errorRate',
      reason: `candidate error rate ${pct(errorRate)} above the limit ${pct(stage.maxErrorRate)}`,
    });
  }
  const p99 = candidate.latencyP99Ms;
  if (stage.maxP99LatencyMs !== undefined && p99 !== undefined && p99 > stage.maxP99LatencyMs) {
    failures.push({
      rule: 'validate.latencyP99',
      reason: `candidate p99 latency ${Math.round(p99)} ms above the limit ${stage.maxP99LatencyMs} ms`,
    });
  }
  if (!notComparable && (result.compared === 0 || result.agreement < stage.minAgreement)) {
    failures.push({
      rule: 'validate.agreement',
      reason:
        `candidate agrees with the baseline on ${pct(result.agreement)} of ${result.compared} inputs, ` +
        `below the minimum ${pct(stage.minAgreement)}`,
    });
  }
  if (failures.length > 0) {
    return { kind: 'fail', rule: failures[0].rule, reasons: failures.map((f) => f.reason), evidence };
  }
  return {
    kind: 'pass',
    rule: 'validate',
    reasons: [
      notComparable
        ? `${candidate.requests} validation requests within every limit; agreement not judged: ` +
          `${result.incomparableReason ?? 'the answers cannot be compared'}`
        : `${candidate.requests} validation requests within every limit, agreement ${pct(result.agreement)}`,
    ],
    evidence,
  };
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
