// The emulator keeps its own copy of Azure's limits and rules (it imports no production code); this pins the copy
// to domain/azure-rules.ts, so the plan check refuses exactly what the emulator (standing in for Azure) refuses.
import * as emulator from '../../../emulator/arm/rules';
import type { DeploymentRecord } from '../../../emulator/types';
import * as domain from '../../../domain/azure-rules';
import type { TrafficMap } from '../../../domain/endpoint';

const dep = (name: string): DeploymentRecord => ({
  name,
  model: 'azureml:m:1',
  instanceType: 'x',
  instanceCount: 1,
  provisioningState: 'Succeeded',
  body: {},
  createdAt: '',
  updatedAt: '',
});
const deployments = { blue: dep('blue'), green: dep('green'), red: dep('red') };

function emulatorAccepts(fn: () => void): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}

describe('the emulator and the domain agree on', () => {
  const limits = ['MAX_DEPLOYMENTS_PER_ENDPOINT', 'MAX_INSTANCES_PER_DEPLOYMENT', 'MAX_MIRROR_PERCENT'] as const;
  it.each(limits)('%s', (limit) => {
    expect(emulator[limit]).toBe(domain[limit]);
  });

  it.each([
    'ab',
    'abc',
    'blue',
    'Blue-2',
    'a-b-c',
    'a1',
    'a'.repeat(32),
    'a'.repeat(33),
    `a-${'b'.repeat(30)}`,
    'a--b',
    'abc-',
    '-abc',
    '1abc',
    'ab_c',
    'ab.c',
    'ab c',
    'é-abc',
    '',
  ])('the name %j', (name) => {
    expect(emulatorAccepts(() => emulator.checkName('deployment', name))).toBe(domain.AZURE_NAME.test(name));
  });

  it.each<[TrafficMap, TrafficMap, domain.ComputeType?]>([
    [{}, {}],
    [{ blue: 0 }, {}],
    [{ blue: 100 }, {}],
    [{ blue: 90, green: 10 }, {}],
    [{ blue: 90, green: 20 }, {}],
    [{ blue: 50 }, {}],
    [{ blue: 100.5, green: -0.5 }, {}],
    [{ blue: 101, green: -1 }, {}],
    [{ blue: 100 }, { green: 50 }],
    [{ blue: 100 }, { green: 51 }],
    [{ blue: 100 }, { green: 0, red: 0 }],
    [{ blue: 100 }, { green: 10, red: 10 }],
    [{ blue: 90, green: 10 }, { red: 10 }],
    [{ blue: 90, green: 10 }, { green: 10 }],
    [{ blue: 100 }, { green: 10 }, 'Kubernetes'],
    [{ blue: 100 }, { green: 0 }, 'Kubernetes'],
    [{}, { green: 10 }],
    [{ blue: 100 }, { green: 1.5 }],
  ])('traffic %j with mirror %j (%s)', (traffic, mirrorTraffic, computeType = 'Managed') => {
    const accepted = emulatorAccepts(() => emulator.checkTraffic({ traffic, mirrorTraffic, deployments, computeType }));
    expect(accepted).toBe(domain.trafficRuleProblem({ traffic, mirrorTraffic }, computeType) === undefined);
  });
});
