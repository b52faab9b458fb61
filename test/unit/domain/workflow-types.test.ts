// Workflow type names are the names of the exported workflow functions: a rename on one side breaks this test.
import { PLAN_CHECK_WORKFLOW, ROLLOUT_WORKFLOW, SCHEDULED_CANARY_WORKFLOW } from '../../../domain/workflow-types';
import * as workflows from '../../../workflows';

describe('workflow type names', () => {
  it.each([ROLLOUT_WORKFLOW, PLAN_CHECK_WORKFLOW, SCHEDULED_CANARY_WORKFLOW])('names the exported workflow %s', (name) => {
    expect(typeof (workflows as Record<string, unknown>)[name]).toBe('function');
  });
});
