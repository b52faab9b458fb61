// Scale: set the baseline's or the candidate's instance count (the safe-rollout guide's "scale the blue
// deployment so it can handle more requests"), read back from Azure.
import type { ScaleStage } from '../../domain/plan-scaling';
import type { RunContext } from '../context';
import { scaleDeployment } from '../sizing';
import { setState } from '../state';

export async function scaleStage(ctx: RunContext, stage: ScaleStage, index: number): Promise<void> {
  setState(ctx.run, 'Deploying', 'scale');
  await scaleDeployment(ctx, stage.deployment, stage.instance_count, index);
}
