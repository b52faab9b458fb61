// setTraffic over the in-memory Azure: both maps in one PUT, nothing sent when Azure already holds them, a read-back
// that differs is TrafficVerificationFailed, and maps Azure refuses are non-retryable AzureRejected.
import { FAKE_TARGET, FakeAzure } from '../../support/fake-azure';

let azure: FakeAzure;
let acts: ReturnType<FakeAzure['activities']>;
beforeEach(async () => {
  azure = new FakeAzure();
  acts = azure.activities();
  await acts.createDeployment({
    target: FAKE_TARGET,
    name: 'green',
    model: 'azureml:heart:2',
    candidate: { model: 'azureml:heart:2', instance_type: 'Standard_DS3_v2', instance_count: 1 },
  });
});

const setTraffic = (traffic: Record<string, number>, mirrorTraffic: Record<string, number> = {}) =>
  acts.setTraffic({ target: FAKE_TARGET, traffic, mirrorTraffic });

describe('setTraffic', () => {
  it('sets traffic and mirror in one PUT and returns what Azure reads back', async () => {
    await expect(setTraffic({ blue: 100 }, { green: 10 })).resolves.toEqual({
      traffic: { blue: 100 },
      mirrorTraffic: { green: 10 },
    });
    expect(azure.count('endpoints.putTraffic')).toBe(1);
    expect(azure.state()).toEqual({ traffic: { blue: 100 }, mirrorTraffic: { green: 10 } });
  });

  it('sends no PUT when Azure already holds the maps, zero entries aside', async () => {
    await setTraffic({ blue: 100 }, { green: 10 });
    azure.fail('endpoints.putTraffic', 'AzureThrottled'); // a PUT now would be refused
    await expect(setTraffic({ blue: 100, green: 0 }, { green: 10 })).resolves.toEqual({
      traffic: { blue: 100 },
      mirrorTraffic: { green: 10 },
    });
    expect(azure.count('endpoints.putTraffic')).toBe(1);
  });

  it('throws TrafficVerificationFailed, with both states, when the read-back differs', async () => {
    azure.fail('endpoints.putTraffic', 'TrafficVerificationFailed');
    await expect(setTraffic({ blue: 80, green: 20 })).rejects.toMatchObject({
      type: 'TrafficVerificationFailed',
      details: [
        {
          wanted: { traffic: { blue: 80, green: 20 }, mirrorTraffic: {} },
          readBack: { traffic: { blue: 100 }, mirrorTraffic: {} },
        },
      ],
    });
    await expect(setTraffic({ blue: 80, green: 20 })).resolves.toEqual({
      traffic: { blue: 80, green: 20 },
      mirrorTraffic: {},
    });
  });

  it.each([
    ['a split that does not sum to 100', { blue: 50, green: 45 }, {}],
    ['a mirror to a deployment with live traffic', { blue: 100 }, { blue: 10 }],
    ['a mirror above 50%', { blue: 100 }, { green: 60 }],
    ['a deployment that does not exist', { blue: 90, teal: 10 }, {}],
  ])('maps Azure refusing %s to non-retryable AzureRejected', async (_what, traffic, mirror) => {
    await expect(setTraffic(traffic, mirror)).rejects.toMatchObject({ type: 'AzureRejected', nonRetryable: true });
    expect(azure.state()).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  });

  it('maps an endpoint operation ending Failed to AzureOperationFailed', async () => {
    azure.fail('endpoints.putTraffic', 'AzureOperationFailed');
    await expect(setTraffic({ blue: 50, green: 50 })).rejects.toMatchObject({
      type: 'AzureOperationFailed',
      nonRetryable: true,
    });
  });
});

describe('getTraffic and getEndpoint', () => {
  it('read both maps and the deployments', async () => {
    await expect(acts.getTraffic({ target: FAKE_TARGET })).resolves.toEqual({
      traffic: { blue: 100 },
      mirrorTraffic: {},
    });
    const snapshot = await acts.getEndpoint({ target: FAKE_TARGET });
    expect(snapshot).toMatchObject({ name: 'heart', computeType: 'Managed', provisioningState: 'Succeeded' });
    expect(snapshot.deployments.map((d) => d.name)).toEqual(['blue', 'green']);
  });

  it('answers non-retryable NotFound for an endpoint that does not exist', async () => {
    await expect(acts.getTraffic({ target: { ...FAKE_TARGET, endpoint: 'nothere' } })).rejects.toMatchObject({
      type: 'NotFound',
      nonRetryable: true,
    });
  });
});
