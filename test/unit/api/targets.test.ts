// Rollout ids as they appear in URLs: full ids or endpoint names in the default workspace.
import { resolveRolloutId } from '../../../api/targets';

describe('rollout ids in URLs', () => {
  const defaults = { subscriptionId: 'sub', resourceGroup: 'rg', workspace: 'ws' };
  it('takes a full id as is, and an endpoint name in the default workspace', () => {
    expect(resolveRolloutId('rollout:a/b/c/d', defaults)).toBe('rollout:a/b/c/d');
    expect(resolveRolloutId('heart-ep', defaults)).toBe('rollout:sub/rg/ws/heart-ep');
    expect(() => resolveRolloutId('heart-ep', {})).toThrow(/not found/);
    expect(() => resolveRolloutId('bad name!', defaults)).toThrow(/not found/);
  });
});
