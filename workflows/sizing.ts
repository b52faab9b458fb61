// Deployment sizes during a rollout: a scale stage's change, and the candidate sizes the plan check worked out
// (weighted with its share, the baseline's capacity before promotion), set before the traffic change that needs
// them. Each change is one scaleDeployment, which waits for Azure's operation and reads the deployment back.
import { patched } from '@temporalio/workflow';
import type { CapacityStep } from '../domain/capacity';
import type { RunContext } from './context';
import type { RunState } from './state';
import { addEvent } from './state';

/** Marks runs whose history can hold scaleDeployment before traffic changes; older histories never size. */
export const PATCH_CAPACITY_SIZING = 'capacity-sizing';

/** Kept from the plan check: stage index → the candidate's instance count before that stage changes traffic. */
export function recordCandidateSizes(run: RunState, steps: CapacityStep[] | undefined): void {
  const sizes: Record<string, number> = {};
  for (const step of steps ?? [])
    if (step.resizeCandidate !== undefined) sizes[String(step.index)] = step.resizeCandidate;
  if (Object.keys(sizes).length > 0) run.candidateSizes = sizes;
}

export async function scaleDeployment(
  ctx: RunContext,
  role: 'baseline' | 'candidate',
  instanceCount: number,
  stageIndex: number,
): Promise<void> {
  const name = ctx.run.status[role];
  const info = await ctx.acts.deploy.scaleDeployment({ target: ctx.target, name, instanceCount });
  addEvent(ctx.run, {
    type: 'deployment.scaled',
    actor: 'system',
    details: { deployment: name, role, stageIndex, instanceCount: info.instanceCount },
  });
}

/** Before stage `index` changes traffic: the candidate at the size its share needs, when the plan sizes it. */
export async function sizeCandidateFor(ctx: RunContext, index: number): Promise<void> {
  const wanted = ctx.run.candidateSizes?.[String(index)];
  if (wanted === undefined || !patched(PATCH_CAPACITY_SIZING)) return;
  await scaleDeployment(ctx, 'candidate', wanted, index);
}
