// Terminal states: a rollout has ended exactly when its state is one of the outcomes.
import { OUTCOMES, ROLLOUT_STATES, TERMINAL_STATES, isTerminal } from '../../../domain/status';

describe('terminal states', () => {
  it.each(ROLLOUT_STATES)('calls %s terminal only when it is an outcome', (state) => {
    expect(isTerminal(state)).toBe((OUTCOMES as readonly string[]).includes(state));
  });

  it('lists the outcomes as the terminal states', () => {
    expect(TERMINAL_STATES).toEqual(['Succeeded', 'RolledBack', 'Failed', 'Refused']);
  });
});
