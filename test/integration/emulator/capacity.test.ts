// What bounds a deployment's size in the emulator, as in Azure: the family vCPU quota with Azure's 20% reservation
// (a scale or create past it ends Failed OutOfQuota and changes nothing), VM sizes and usages per location, and a
// Kubernetes endpoint's instance types from its attached compute. Through the official SDK.
import type { OnlineDeployment } from '@azure/arm-machinelearning';
import { useTestEmulator } from '../../support/emulator';

// 36 DSv2 vCPUs: the seeded blues of heart-ep and regression-ep (2 x Standard_DS3_v2 each) hold ceil(2.4) x 4 = 12
// each.
const emu = useTestEmulator({ coreQuota: { standardDSv2Family: 36 } });
const rg = () => emu.resourceGroup;
const ws = () => emu.workspace;

const dep = (
  instanceType: string,
  capacity: number,
  compute: 'Managed' | 'Kubernetes' = 'Managed',
): OnlineDeployment => ({
  location: 'eastus',
  properties: {
    endpointComputeType: compute,
    model: 'azureml:heart-classifier:2',
    instanceType,
  } as OnlineDeployment['properties'],
  sku: { name: 'Default', capacity },
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: Error) => e,
  );

it('lists VM sizes with their family and vCPUs, and the usage and limit of each family', async () => {
  const sizes = await emu.arm.virtualMachineSizes.list('eastus');
  expect(sizes.value?.find((s) => s.name === 'Standard_DS3_v2')).toMatchObject({
    family: 'standardDSv2Family',
    vCPUs: 4,
  });
  const usages = [];
  for await (const u of emu.arm.usages.list('eastus')) usages.push(u);
  expect(usages.find((u) => u.name?.value === 'standardDSv2Family')).toMatchObject({ currentValue: 24, limit: 36 });
});

it('fails a scale past the quota OutOfQuota with the usage, and leaves the deployment as it was', async () => {
  // A deployment's own instances are replaced, not added: 5 instances hold ceil(6) x 4 = 24, with regression-ep's 12: 36.
  await emu.arm.onlineDeployments.beginUpdateAndWait(rg(), ws(), 'heart-ep', 'blue', { sku: { capacity: 5 } }, emu.lro);
  const error = await failure(
    emu.arm.onlineDeployments.beginUpdateAndWait(rg(), ws(), 'heart-ep', 'blue', { sku: { capacity: 6 } }, emu.lro),
  );
  // 6 instances hold ceil(7.2) x 4 = 32 > 24.
  expect(error?.message).toMatch(/OutOfQuota/);
  expect(error?.message).toMatch(
    /Not enough quota available for Standard_DS3_v2 .* Current usage\/limit: 12\/36\. Additional needed: 32/,
  );
  const blue = await emu.arm.onlineDeployments.get(rg(), ws(), 'heart-ep', 'blue');
  expect({ capacity: blue.sku?.capacity, state: blue.properties.provisioningState }).toEqual({
    capacity: 5,
    state: 'Succeeded',
  });
});

it('counts every deployment of the family against the quota, and refuses a VM size it does not know', async () => {
  // heart-ep's blue holds 24 after the previous test, regression-ep's 12: nothing is left for green.
  const error = await failure(
    emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(
      rg(),
      ws(),
      'heart-ep',
      'green',
      dep('Standard_DS2_v2', 1),
      emu.lro,
    ),
  );
  expect(error?.message).toMatch(/OutOfQuota.*Current usage\/limit: 36\/36\. Additional needed: 4/);
  const other = await emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(
    rg(),
    ws(),
    'heart-ep',
    'green',
    dep('Standard_F4s_v2', 2),
    emu.lro,
  );
  expect(other.properties.provisioningState).toBe('Succeeded');
  await expect(
    emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(rg(), ws(), 'heart-ep', 'red', dep('Huge_VM', 1), emu.lro),
  ).rejects.toMatchObject({ statusCode: 400, code: 'BadArgument' });
});

it("serves the Kubernetes compute's instance types and refuses a deployment naming another", async () => {
  const compute = await emu.arm.computeOperations.get(rg(), ws(), 'k8s-compute');
  const props = (compute.properties as { properties?: { instanceTypes?: object; defaultInstanceType?: string } })
    .properties;
  expect(compute.properties).toMatchObject({ computeType: 'Kubernetes' });
  expect({ types: Object.keys(props?.instanceTypes ?? {}), def: props?.defaultInstanceType }).toEqual({
    types: ['defaultinstancetype', 'cpu-large'],
    def: 'defaultinstancetype',
  });
  const error = await failure(
    emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(
      rg(),
      ws(),
      'heart-k8s',
      'green',
      dep('gpu-huge', 1, 'Kubernetes'),
      emu.lro,
    ),
  );
  expect(error).toMatchObject({ statusCode: 400, code: 'BadArgument' });
  expect(error?.message).toMatch(/instance type 'gpu-huge' is not defined on compute 'k8s-compute'/);
  const ok = await emu.arm.onlineDeployments.beginCreateOrUpdateAndWait(
    rg(),
    ws(),
    'heart-k8s',
    'green',
    dep('cpu-large', 3, 'Kubernetes'),
    emu.lro,
  );
  expect(ok.properties.instanceType).toBe('cpu-large');
});
