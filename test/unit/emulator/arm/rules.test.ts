import { checkName, checkTraffic } from '../../../../emulator/arm/rules';
import type { DeploymentRecord } from '../../../../emulator/types';

const dep = (name: string, state: DeploymentRecord['provisioningState'] = 'Succeeded'): DeploymentRecord => ({
  name,
  model: 'azureml:m:1',
  instanceType: 'x',
  instanceCount: 1,
  provisioningState: state,
  body: {},
  createdAt: '',
  updatedAt: '',
});
const deployments = { blue: dep('blue'), green: dep('green'), red: dep('red'), new: dep('new', 'Creating') };
const check =
  (
    traffic: Record<string, number>,
    mirrorTraffic: Record<string, number> = {},
    computeType: 'Managed' | 'Kubernetes' = 'Managed',
  ) =>
  () =>
    checkTraffic({ traffic, mirrorTraffic, deployments, computeType });

describe('checkTraffic', () => {
  it.each([
    [{}, {}],
    [{ blue: 0 }, {}],
    [{ blue: 100 }, { green: 50 }],
    [{ blue: 90, green: 10 }, { red: 10 }],
    [{ blue: 100 }, { green: 0, red: 0 }],
    [{ blue: 100, new: 0 }, {}],
  ])('accepts traffic %j with mirror %j', (traffic, mirror) => {
    expect(check(traffic, mirror)).not.toThrow();
  });

  it.each([
    [{ blue: 99 }, {}, 'sum to 0 or 100'],
    [{ blue: 100, ghost: 0 }, {}, "no deployment named 'ghost'"],
    [{ blue: 50.5, green: 49.5 }, {}, 'integer'],
    [{ blue: 0, new: 100 }, {}, 'only a Succeeded deployment'],
    [{ blue: 100 }, { green: 51 }, 'at most 50'],
    [{ blue: 100 }, { green: 10, red: 10 }, 'only one deployment'],
    [{ blue: 90, green: 10 }, { green: 10 }, 'not both'],
    [{ blue: 100 }, { ghost: 10 }, "no deployment named 'ghost'"],
  ])('refuses traffic %j with mirror %j', (traffic, mirror, message) => {
    expect(check(traffic, mirror)).toThrow(message);
  });

  it('refuses any positive mirror on a Kubernetes endpoint but accepts zeros', () => {
    expect(check({ blue: 100 }, { green: 5 }, 'Kubernetes')).toThrow('Kubernetes');
    expect(check({ blue: 100 }, { green: 0 }, 'Kubernetes')).not.toThrow();
  });
});

describe('checkName', () => {
  it.each(['abc', 'heart-ep', 'A1-b2-c3', 'x'.repeat(32)])('accepts %s', (name) =>
    expect(() => checkName('endpoint', name)).not.toThrow(),
  );
  it.each(['ab', 'x'.repeat(33), '1abc', '-abc', 'ab--c', 'abc-', 'ab_c', 'ab.c'])('refuses %s', (name) =>
    expect(() => checkName('deployment', name)).toThrow(`deployment name '${name}'`),
  );
});
