// Workflow type names are the names of the exported workflow functions, and each control is an update of its name:
// a rename on one side breaks this test.
import {
  CONTROL_ACTIONS,
  PLAN_CHECK_WORKFLOW,
  ROLLOUT_WORKFLOW,
  SCHEDULED_CANARY_WORKFLOW,
} from '../../../domain/workflow-types';
import * as workflows from '../../../workflows';
import * as messages from '../../../workflows/messages';

describe('workflow type names', () => {
  const names = [ROLLOUT_WORKFLOW, PLAN_CHECK_WORKFLOW, SCHEDULED_CANARY_WORKFLOW];
  it.each(names)('names the exported workflow %s', (name) => {
    expect(typeof (workflows as Record<string, unknown>)[name]).toBe('function');
  });
});

describe('controls', () => {
  it.each(CONTROL_ACTIONS)('%s is the workflow update of that name', (action) => {
    const update = (messages as Record<string, unknown>)[`${action}Update`] as { name: string } | undefined;
    expect(update?.name).toBe(action);
  });
});
