// ARM reads of attached computes (`GET …/computes`, `GET …/computes/{c}`), and the subscription's VM sizes and
// vCPU usages per location (`GET /subscriptions/{s}/providers/Microsoft.MachineLearningServices/locations/{l}/
// vmSizes|usages`), which the service reads to find quota problems before it deploys.
import { Router } from 'express';
import type { ArmContext } from './context';
import { workspacePath } from './context';
import { notFound } from './errors';
import { paginate } from './paging';
import { VM_SIZES } from './vm-sizes';

export function computesRouter(ctx: ArmContext): Router {
  const router = Router({ mergeParams: true });
  const render = (name: string, body: Record<string, unknown>) => ({
    id: `${workspacePath(ctx)}/computes/${name}`,
    name,
    type: 'Microsoft.MachineLearningServices/workspaces/computes',
    location: ctx.ws.identity.location,
    ...body,
  });
  router.get('/computes', (req, res) => {
    const all = Object.values(ctx.ws.state.computes ?? {}).map((c) => render(c.name, c.body));
    res.json(paginate(req, ctx, all));
  });
  router.get('/computes/:compute', (req, res) => {
    const compute = ctx.ws.compute(String(req.params.compute));
    if (!compute) throw notFound(`Compute '${String(req.params.compute)}'`);
    res.json(render(compute.name, compute.body));
  });
  return router;
}

export function locationsRouter(ctx: ArmContext): Router {
  const router = Router({ mergeParams: true });
  router.get('/vmSizes', (_req, res) => {
    res.json({
      value: VM_SIZES.map((s) => ({
        name: s.name,
        family: s.family,
        vCPUs: s.vCPUs,
        gpus: 0,
        memoryGB: s.memoryGB,
        lowPriorityCapable: true,
        premiumIO: true,
        supportedComputeTypes: ['ComputeInstance', 'AmlCompute'],
      })),
    });
  });
  router.get('/usages', (req, res) => {
    const { subscriptionId, location } = ctx.ws.identity;
    const families = [...new Set(VM_SIZES.map((s) => s.family))];
    const all = families.map((family) => ({
      id: `/subscriptions/${subscriptionId}/providers/Microsoft.MachineLearningServices/locations/${location}/usages/${family}`,
      amlWorkspaceLocation: location,
      type: 'Microsoft.MachineLearningServices/vmFamily/usages',
      unit: 'Count',
      currentValue: ctx.quota.usage(ctx.ws, family),
      limit: ctx.quota.limit(family),
      name: { value: family, localizedValue: `${family} vCPUs` },
    }));
    res.json(paginate(req, ctx, all));
  });
  return router;
}
