// The `rollout` command line: every command and option, with the exit codes in the help.
import { Command } from 'commander';
import { EXIT_CODES_HELP } from './exit-codes';
import { registerLogin } from './commands/login';
import { registerRollouts } from './commands/rollouts';
import { registerControls } from './commands/controls';
import { registerSchedules } from './commands/schedules';
import { registerRevert } from './commands/revert';

export function buildProgram(): Command {
  const program = new Command('rollout')
    .description(
      'Start, watch and steer rollouts of the rollout service through its REST API.\n' +
        'The API and token come from ROLLOUT_API_URL and ROLLOUT_TOKEN, else from `rollout login`.',
    )
    .addHelpText('after', `\n${EXIT_CODES_HELP}`)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerLogin(program);
  registerRollouts(program);
  registerControls(program);
  registerRevert(program);
  registerSchedules(program);
  return program;
}
