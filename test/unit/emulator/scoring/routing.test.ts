import { pickWeighted, route } from '../../../../emulator/scoring/routing';
import { seededRandom } from '../../../../emulator/model/random';
import type { DeploymentRecord, EndpointRecord } from '../../../../emulator/types';

const dep = (name: string, state: DeploymentRecord['provisioningState'] = 'Succeeded'): DeploymentRecord => ({
  name,
  model: 'azureml:heart-classifier:1',
  instanceType: 'Standard_DS3_v2',
  instanceCount: 1,
  provisioningState: state,
  body: {},
  createdAt: '',
  updatedAt: '',
});
const endpoint = (
  traffic: Record<string, number>,
  mirrorTraffic: Record<string, number> = {},
  green = dep('green'),
): EndpointRecord => ({
  name: 'ep',
  computeType: 'Managed',
  authMode: 'Key',
  traffic,
  mirrorTraffic,
  keys: { primaryKey: 'k1', secondaryKey: 'k2' },
  provisioningState: 'Succeeded',
  body: {},
  deployments: { blue: dep('blue'), green },
  createdAt: '',
  updatedAt: '',
});

describe('pickWeighted', () => {
  it.each([
    [0, 'blue'],
    [0.899, 'blue'],
    [0.9, 'green'],
    [0.9999, 'green'],
  ])('with u=%s picks %s from blue 90 / green 10', (u, expected) => {
    expect(
      pickWeighted(
        [
          ['blue', 90],
          ['green', 10],
        ],
        u,
      ),
    ).toBe(expected);
  });

  it('returns nothing when no weight is positive', () => {
    expect(pickWeighted([['blue', 0]], 0.5)).toBeUndefined();
  });
});

describe('route', () => {
  it('splits live traffic by weight', () => {
    const rng = seededRandom(1);
    const ep = endpoint({ blue: 70, green: 30 });
    const n = 10_000;
    let green = 0;
    for (let i = 0; i < n; i++)
      if ((route(ep, undefined, rng) as { deployment: string }).deployment === 'green') green++;
    expect(green / n).toBeGreaterThan(0.28);
    expect(green / n).toBeLessThan(0.32);
  });

  it('mirrors a share to the shadow deployment but never header-targeted requests', () => {
    const ep = endpoint({ blue: 100 }, { green: 20 });
    expect(route(ep, undefined, () => 0.1)).toEqual({ kind: 'deployment', deployment: 'blue', mirror: 'green' });
    expect(route(ep, undefined, () => 0.5)).toEqual({ kind: 'deployment', deployment: 'blue', mirror: undefined });
    expect(route(ep, 'blue', () => 0)).toEqual({ kind: 'deployment', deployment: 'blue' });
  });

  it('answers no-deployment when weights are zero and unknown for a bad header', () => {
    expect(route(endpoint({ blue: 0 }), undefined, Math.random)).toEqual({ kind: 'no-deployment' });
    expect(route(endpoint({ blue: 100 }), 'red', Math.random)).toEqual({
      kind: 'unknown-deployment',
      deployment: 'red',
    });
  });

  it('never sends traffic to a deployment that is not Succeeded', () => {
    const ep = endpoint({ blue: 0, green: 100 }, {}, dep('green', 'Updating'));
    expect(route(ep, undefined, () => 0)).toEqual({ kind: 'no-deployment' });
    expect(route(ep, 'green', () => 0)).toEqual({ kind: 'unknown-deployment', deployment: 'green' });
  });
});
