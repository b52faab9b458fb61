// approve, reject, pause, resume, promote, rollback, abandon-rollback and override-window: each a POST the API records with the caller and the reason.
import type { Command } from 'commander';
import { controlPath, type ControlAction } from '../../domain/workflow-types';
import { rolloutPath } from '../client';
import { render } from '../output';
import { renderStatus, type StatusView } from '../view';
import { client, outputOption, print, type ReadOptions } from './shared';

const ACTIONS: Record<ControlAction, string> = {
  approve: 'approve the approval gate the rollout waits at',
  reject: 'reject at the approval gate (the rollout rolls back)',
  pause: 'freeze the rollout, timers included',
  resume: 'continue a paused rollout',
  promote: 'skip the remaining canary steps (--reason required)',
  rollback: 'roll back from any state (--reason required)',
  abandonRollback: 'stop a rollback that keeps failing; traffic stays as it is (sre or admin, --reason required)',
  overrideWindow: 'let the rollout go on through deployment windows and freezes (admin, --reason required)',
};

interface ControlOptions extends ReadOptions {
  reason?: string;
  gate?: string;
  comment?: string;
}

export function registerControls(program: Command) {
  for (const [action, description] of Object.entries(ACTIONS) as [ControlAction, string][]) {
    const path = controlPath(action);
    const command = program
      .command(`${path} <id>`)
      .description(description)
      .option('--reason <text>', 'why (recorded in the event log)');
    if (action === 'approve' || action === 'reject') {
      command.option('--gate <name>', 'the approval gate, so the approval cannot land on another one');
      command.option('--comment <text>', 'a comment recorded with the decision');
    }
    command.addOption(outputOption()).action(async (id: string, options: ControlOptions) => {
      const body = { reason: options.reason, gate: options.gate, comment: options.comment };
      const status = await client().request<StatusView>('POST', `${rolloutPath(id)}/${path}`, { body });
      print(render(status, options.output, () => `${path}: accepted\n\n${renderStatus(status)}`));
    });
  }
}
