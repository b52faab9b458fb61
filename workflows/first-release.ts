// A first release in the workflow: the endpoint created before the candidate is deployed, and the rollback of a
// release that created its endpoint, which deletes it (Azure cascades to its deployments). Nothing that existed
// before the rollout is touched, so this rollback has no traffic to restore.
import { isCancellation } from '@temporalio/workflow';
import type { RunContext } from './context';
import { describeFailure } from './failure';
import { addEvent, finish } from './state';

export async function createEndpointIfNew(ctx: RunContext): Promise<void> {
  const release = ctx.run.firstRelease;
  const spec = ctx.plan.endpointSpec;
  if (!release?.createEndpoint || release.endpointCreated || !spec) return;
  // Set before the call: from here on a rollback deletes the endpoint, even if this attempt did not finish.
  release.endpointCreated = true;
  await ctx.acts.deploy.createEndpoint({ target: ctx.target, spec });
  addEvent(ctx.run, { type: 'endpoint.created', actor: 'system', details: { endpoint: ctx.target.endpoint, ...spec } });
}

export async function rollbackNewEndpoint(ctx: RunContext, reason: string): Promise<void> {
  const { run } = ctx;
  if (!run.firstRelease?.endpointCreated) {
    finish(run, 'RolledBack', `${reason} (before any change)`);
    return;
  }
  try {
    await ctx.acts.deploy.deleteEndpoint({ target: ctx.target });
    run.status.traffic = {};
    run.status.mirrorTraffic = {};
    addEvent(run, { type: 'endpoint.deleted', actor: 'system', details: { endpoint: ctx.target.endpoint } });
  } catch (error) {
    if (isCancellation(error)) throw error;
    // Nothing live used the new endpoint before this rollout: a stray endpoint is a cost, not a risk.
    addEvent(run, { type: 'endpoint.deleteFailed', actor: 'system', reason: describeFailure(error) });
  }
  finish(run, 'RolledBack', reason);
}
