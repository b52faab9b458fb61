// Deploy: create the candidate beside the baseline with no traffic (or overwrite the idle deployment of its name,
// when the plan says `replace: true`).
import type { RunContext } from '../context';
import { addEvent, markCandidateCreated, setState } from '../state';

export async function deployStage(ctx: RunContext): Promise<void> {
  const { run } = ctx;
  setState(run, 'Deploying', 'deploy');
  markCandidateCreated(run);
  const info = await ctx.acts.deploy.createDeployment({
    target: ctx.target,
    name: run.status.candidate,
    candidate: ctx.plan.candidate,
    model: run.status.model,
  });
  const replaced = run.candidateExisted ? { replaced: true } : {};
  addEvent(run, { type: 'deployment.created', actor: 'system', details: { ...info, ...replaced } });
}
