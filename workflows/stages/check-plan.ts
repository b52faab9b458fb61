// The first step: check the plan against the live endpoint and Azure's rules, resolving the baseline, the candidate
// name and `@latest`. Problems end the rollout as Refused before anything changes.
import { isCancellation } from '@temporalio/workflow';
import type { RunContext } from '../context';
import { describeFailure } from '../failure';
import { addEvent, finish, markPlanChecked } from '../state';
import { recordCandidateSizes } from '../sizing';

/** Returns false when the rollout was refused. */
export async function checkPlan(ctx: RunContext): Promise<boolean> {
  const { run } = ctx;
  let check;
  try {
    check = await ctx.acts.read.checkPlan({ target: ctx.target, plan: ctx.plan });
  } catch (error) {
    if (isCancellation(error)) throw error;
    const reason = describeFailure(error);
    addEvent(run, { type: 'plan.refused', actor: 'system', reason });
    finish(run, 'Refused', reason);
    return false;
  }
  if (check.problems.length > 0) {
    const reason = `InvalidPlan: ${check.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}`;
    addEvent(run, { type: 'plan.refused', actor: 'system', reason, details: { problems: check.problems } });
    finish(run, 'Refused', reason);
    return false;
  }
  const resolved = { baseline: check.baseline, candidate: check.candidateName, model: check.model };
  markPlanChecked(run, resolved, check.endpoint, check.candidateExists);
  recordCandidateSizes(run, check.capacity);
  if (check.firstRelease) run.firstRelease = { ...check.firstRelease };
  addEvent(run, {
    type: 'plan.checked',
    actor: 'system',
    details: {
      ...resolved,
      ...(check.candidateExists ? { replaces: check.candidateName } : {}),
      ...(check.warnings?.length ? { warnings: check.warnings } : {}),
      ...(run.candidateSizes ? { candidateSizes: run.candidateSizes } : {}),
      ...(check.firstRelease ? { firstRelease: check.firstRelease } : {}),
    },
  });
  return true;
}
