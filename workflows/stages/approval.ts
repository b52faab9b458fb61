// Approval: wait for a human (or the gate's timeout, which does what the plan says); a rejection rolls back.
import type { Stage } from '../../domain/plan';
import { RollbackNeeded, type RunContext } from '../context';
import { awaitApproval, proceeds } from '../gates';

type ApprovalStage = Extract<Stage, { kind: 'approval' }>;

export async function approvalStage(ctx: RunContext, stage: ApprovalStage, index: number): Promise<void> {
  const decision = await awaitApproval(ctx, stage, index);
  if (proceeds(decision)) return;
  throw new RollbackNeeded(decision.reason, decision.actor, { gate: decision.gate });
}
