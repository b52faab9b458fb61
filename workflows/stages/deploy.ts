// Deploy: create the candidate beside the baseline with no traffic (or overwrite the idle deployment of its name,
// when the plan says `replace: true`).
import type { RunContext } from '../context';
import { createEndpointIfNew } from '../first-release';
import { addEvent, markCandidateCreated, setState } from '../state';

export async function deployStage(ctx: RunContext, index: number): Promise<void> {
  const { run } = ctx;
  setState(run, 'Deploying', 'deploy');
  await createEndpointIfNew(ctx);
  markCandidateCreated(run);
  // Weighted sizing creates the candidate at its floor; the traffic stages size it from there.
  const sized = run.candidateSizes?.[String(index)];
  const candidate = sized === undefined ? ctx.plan.candidate : { ...ctx.plan.candidate, instance_count: sized };
  const info = await ctx.acts.deploy.createDeployment({
    target: ctx.target,
    name: run.status.candidate,
    candidate,
    model: run.status.model,
  });
  const replaced = run.candidateExisted ? { replaced: true } : {};
  addEvent(run, { type: 'deployment.created', actor: 'system', details: { ...info, ...replaced } });
}
