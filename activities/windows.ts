// checkWindow: reads the admin's window rules afresh (they change while rollouts wait) and says whether the rollout
// may increase the candidate's exposure at the workflow's time, or what holds it and until when.
import { checkWindows, type WindowCheck } from '../domain/window-calendar';
import type { WindowRule } from '../domain/window-rules';
import type { CheckWindowInput } from './types';

/** Where the rules come from: the store's record file, or a list in tests. None configured: always open. */
export type WindowRuleSource = () => Promise<readonly WindowRule[]>;

export function windowActivities(rules: WindowRuleSource = async () => []) {
  return {
    async checkWindow({ target, at }: CheckWindowInput): Promise<WindowCheck> {
      return checkWindows(await rules(), target, Date.parse(at));
    },
  };
}
