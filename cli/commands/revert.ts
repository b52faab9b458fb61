// revert: a new rollout back to the deployment a succeeded rollout replaced (POST /rollouts/{id}/revert).
import type { Command } from 'commander';
import { rolloutPath } from '../client';
import { render } from '../output';
import { client, outputOption, print, type ReadOptions } from './shared';

interface RevertOptions extends ReadOptions {
  reason: string;
  run?: string;
  weight?: string;
  bake?: string;
  watch?: string;
}

interface RevertView {
  id: string;
  runId: string;
  revertOf: { runId: string; deployment: string; model: string };
  notRestored: string[];
}

export function registerRevert(program: Command) {
  program
    .command('revert <id>')
    .description('roll a succeeded rollout back out: deploy, validate, canary and promote the deployment it replaced')
    .requiredOption('--reason <text>', 'why (recorded with the new rollout)')
    .option('--run <runId>', 'the succeeded run to revert (default: the latest)')
    .option('--weight <percent>', 'the canary step (default 10)')
    .option('--bake <duration>', "the canary's bake (default 10m)")
    .option('--watch <duration>', 'the watch after promotion (default 5m)')
    .addOption(outputOption())
    .action(async (id: string, options: RevertOptions) => {
      const body = {
        reason: options.reason,
        runId: options.run,
        canaryWeight: options.weight === undefined ? undefined : Number(options.weight),
        bake: options.bake,
        watch: options.watch,
      };
      const view = await client().request<RevertView>('POST', `${rolloutPath(id)}/revert`, { body });
      const { deployment, model } = view.revertOf;
      const missing = view.notRestored.length ? `\nnot restored: ${view.notRestored.join(', ')}` : '';
      print(
        render(
          view,
          options.output,
          () => `revert started: run ${view.runId}, back to ${deployment} (${model})${missing}\n`,
        ),
      );
    });
}
