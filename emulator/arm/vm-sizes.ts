// The VM sizes managed online deployments run on, with their quota family and vCPUs: a subset of Azure's list
// (learn.microsoft.com/azure/machine-learning/reference-managed-online-endpoints-vm-sku-list), served as
// `GET …/locations/{l}/vmSizes` and counted against the family quota. Kubernetes instance types are the
// attached compute's, not VM sizes.
export interface VmSize {
  name: string;
  family: string;
  vCPUs: number;
  memoryGB: number;
}

const sizes = (family: string, rows: [string, number, number][]): VmSize[] =>
  rows.map(([name, vCPUs, memoryGB]) => ({ name, family, vCPUs, memoryGB }));

export const VM_SIZES: readonly VmSize[] = [
  ...sizes('standardDSv2Family', [
    ['Standard_DS1_v2', 1, 3.5],
    ['Standard_DS2_v2', 2, 7],
    ['Standard_DS3_v2', 4, 14],
    ['Standard_DS4_v2', 8, 28],
    ['Standard_DS5_v2', 16, 56],
  ]),
  ...sizes('standardFSv2Family', [
    ['Standard_F2s_v2', 2, 4],
    ['Standard_F4s_v2', 4, 8],
    ['Standard_F8s_v2', 8, 16],
    ['Standard_F16s_v2', 16, 32],
    ['Standard_F32s_v2', 32, 64],
    ['Standard_F48s_v2', 48, 96],
    ['Standard_F64s_v2', 64, 128],
    ['Standard_F72s_v2', 72, 144],
  ]),
  ...sizes('standardESv3Family', [
    ['Standard_E2s_v3', 2, 16],
    ['Standard_E4s_v3', 4, 32],
    ['Standard_E8s_v3', 8, 64],
    ['Standard_E16s_v3', 16, 128],
    ['Standard_E32s_v3', 32, 256],
    ['Standard_E48s_v3', 48, 384],
    ['Standard_E64s_v3', 64, 432],
  ]),
];

export function vmSize(name: string): VmSize | undefined {
  return VM_SIZES.find((s) => s.name.toLowerCase() === name.toLowerCase());
}
