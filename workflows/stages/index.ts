// One function per stage kind; the switch is exhaustive over the plan's stage union.
import type { Stage } from '../../domain/plan';
import type { RunContext } from '../context';
import { approvalStage } from './approval';
import { canaryStage } from './canary';
import { cleanupStage } from './cleanup';
import { deployStage } from './deploy';
import { mirrorStage } from './mirror';
import { promoteStage } from './promote';
import { scaleStage } from './scale';
import { validateStage } from './validate';

export { checkPlan } from './check-plan';

export async function runStage(ctx: RunContext, stage: Stage, index: number): Promise<void> {
  switch (stage.kind) {
    case 'deploy':
      return deployStage(ctx, index);
    case 'validate':
      return validateStage(ctx, stage, index);
    case 'mirror':
      return mirrorStage(ctx, stage, index);
    case 'canary':
      return canaryStage(ctx, stage, index);
    case 'approval':
      return approvalStage(ctx, stage, index);
    case 'promote':
      return promoteStage(ctx, stage, index);
    case 'cleanup':
      return cleanupStage(ctx, stage);
    case 'scale':
      return scaleStage(ctx, stage, index);
    default: {
      const unknown: never = stage;
      throw new Error(`unknown stage kind ${JSON.stringify(unknown)}`);
    }
  }
}
