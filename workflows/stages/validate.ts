// Validate: requests sent straight to the candidate (deployment header) and to the baseline on the same inputs,
// judged against the stage's limits and recorded as a gate.
import type { Stage } from '../../domain/plan';
import { RollbackNeeded, type RunContext } from '../context';
import { recordGate, setState } from '../state';
import { validationVerdict } from '../validation-verdict';

type ValidateStage = Extract<Stage, { kind: 'validate' }>;

export async function validateStage(ctx: RunContext, stage: ValidateStage, index: number): Promise<void> {
  const { run } = ctx;
  setState(run, 'Validating', 'validate');
  // A first release has nothing to agree with: the candidate answers both sides and agreement is not judged.
  const first = !run.status.baseline;
  const result = await ctx.acts.scoring.compareDeployments({
    target: ctx.target,
    baseline: first ? run.status.candidate : run.status.baseline,
    candidate: run.status.candidate,
    requests: stage.requests,
    requestBodies: stage.requestBodies ?? (stage.request !== undefined ? [stage.request] : undefined),
    tolerance: stage.tolerance,
  });
  const verdict = validationVerdict(result, first ? { ...stage, minAgreement: 0 } : stage);
  recordGate(run, index, 'validate', verdict);
  if (verdict.kind === 'fail') {
    throw new RollbackNeeded(`validation failed: ${verdict.reasons.join('; ')}`, 'system', {
      stageIndex: index,
      verdict,
    });
  }
}
