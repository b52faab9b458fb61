// ARM adapters for what bounds a deployment's size: the location's VM sizes and vCPU usages (quota), and the
// instance types of an attached Kubernetes compute.
import type { KubernetesProperties } from '@azure/arm-machinelearning';
import { isNotFound } from '../failures';
import type { CapacityPort } from '../ports';
import type { AzureClients } from './clients';
import { armScope } from './endpoints';

export function capacityPort(clients: AzureClients): CapacityPort {
  return {
    async vmSizes(location, hooks) {
      const result = await clients.arm.virtualMachineSizes.list(location, { abortSignal: hooks.signal });
      return (result.value ?? []).map((s) => ({ name: s.name ?? '', family: s.family ?? '', vCPUs: s.vCPUs ?? 0 }));
    },
    async availableCores(location, hooks) {
      const out: Record<string, number> = {};
      for await (const usage of clients.arm.usages.list(location, { abortSignal: hooks.signal })) {
        const family = usage.name?.value;
        if (family && usage.limit !== undefined) out[family] = usage.limit - (usage.currentValue ?? 0);
      }
      return out;
    },
    async kubernetesInstanceTypes(target, compute, hooks) {
      const s = armScope(clients, target);
      try {
        const found = await clients.arm.computeOperations.get(s.resourceGroup, s.workspace, compute, {
          abortSignal: hooks.signal,
        });
        const props = (found.properties as { properties?: KubernetesProperties } | undefined)?.properties;
        return Object.keys(props?.instanceTypes ?? {});
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
  };
}
