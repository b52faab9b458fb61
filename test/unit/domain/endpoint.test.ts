import { rolloutId, endpointArmId } from '../../../domain/endpoint';

const ref = {
  subscriptionId: '00000000-0000-0000-0000-000000000001',
  resourceGroup: 'rg',
  workspace: 'ws',
  endpoint: 'heart-ep',
};

describe('rolloutId', () => {
  it('derives one id per endpoint identity', () => {
    expect(rolloutId(ref)).toBe('rollout:00000000-0000-0000-0000-000000000001/rg/ws/heart-ep');
    expect(rolloutId({ ...ref, endpoint: 'other' })).not.toBe(rolloutId(ref));
  });
  it('builds the ARM id Azure Monitor expects', () => {
    expect(endpointArmId(ref)).toMatch(/\/workspaces\/ws\/onlineEndpoints\/heart-ep$/);
  });
});
