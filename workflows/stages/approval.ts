// Approval: wait for a human (or the gate's timeout, which does what the plan says).
import type { Stage } from '../../domain/plan';
import type { RunContext } from '../context';
import { awaitApproval } from '../gates';

type ApprovalStage = Extract<Stage, { kind: 'approval' }>;

export async function approvalStage(ctx: RunContext, stage: ApprovalStage, index: number): Promise<void> {
  const previous = ctx.run.status.state;
  await awaitApproval(ctx, stage, index);
  // AwaitingApproval overlays the state the rollout was in; the next stage sets its own.
  ctx.run.status.state = previous === 'AwaitingApproval' ? 'Pending' : previous;
}
