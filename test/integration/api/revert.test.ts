// Revert after success on the real stack: a good release (version 2) succeeds and deletes blue, recording it; revert
// is refused while the old model version is archived, and once restored brings version 1 back through a verified
// rollout (Azure serves it at 100%). A run that did not succeed cannot be reverted.
import { modelRefOf } from '../../../activities/azure/deployment-body';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { ROLE_TOKENS, idPath, useApiStack, waitFor } from '../../support/api-stack';
import { heartRequest } from '../../support/heart-request';

const stack = useApiStack();

const analysis = { judge: 'threshold', interval: '1s', minRequests: 5 };
const release = {
  endpoint: 'heart-ep',
  // The seeded blue's concurrency, so that the candidate at 100% is not throttled (429s count as errors).
  candidate: {
    model: 'azureml:heart-classifier:2',
    instance_count: 2,
    request_settings: { max_concurrent_requests_per_instance: 8 },
  },
  analysis,
  stages: [
    { kind: 'deploy' },
    { kind: 'validate', requests: 20, request: heartRequest() },
    { kind: 'canary', weight: 20, bake: '3s' },
    { kind: 'promote', watch: '1s' },
    { kind: 'cleanup' },
  ],
};

const settled = (id: string, runId: string) =>
  waitFor(
    'the run to end',
    async () => {
      const { body } = await stack.call('GET', `${idPath(id)}?runId=${runId}`, { role: 'viewer' });
      return body.outcome ? body : undefined;
    },
    120_000,
    250,
  );

const ROOT = resolve(__dirname, '..', '..', '..');

/** `rollout revert …` as a release manager would run it: its exit code and output. */
function cliRevert(args: string[]): Promise<{ code: number; out: string }> {
  const env = { ...process.env, ROLLOUT_API_URL: stack.url, ROLLOUT_TOKEN: ROLE_TOKENS.releaseManager };
  return new Promise((done) =>
    execFile(
      process.execPath,
      [resolve(ROOT, 'cli', 'bin.mjs'), 'revert', ...args],
      { cwd: ROOT, env },
      (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, out: stdout + stderr }),
    ),
  );
}

async function setArchived(isArchived: boolean) {
  const { resourceGroup, workspace } = stack.emulator;
  await stack.emulator.arm.modelVersions.createOrUpdate(resourceGroup, workspace, 'heart-classifier', '1', {
    properties: { isArchived },
  });
}

async function versions(listViewType?: string) {
  const { resourceGroup, workspace } = stack.emulator;
  const names: string[] = [];
  for await (const v of stack.emulator.arm.modelVersions.list(resourceGroup, workspace, 'heart-classifier', {
    listViewType,
  })) {
    names.push(v.name!);
  }
  return names;
}

async function deployments() {
  const { resourceGroup, workspace } = stack.emulator;
  const found: Record<string, string> = {};
  for await (const d of stack.emulator.arm.onlineDeployments.list(resourceGroup, workspace, 'heart-ep')) {
    // Deployments this service creates name their model by ARM id; the seeded blue by `azureml:NAME:VERSION`.
    found[d.name!] = modelRefOf(d.properties.model!);
  }
  return found;
}

it('reverts a succeeded release to the deployment it replaced, refusing while its model version is archived', async () => {
  const started = await stack.call('POST', '/rollouts', { role: 'releaseManager', body: release });
  expect(started.status).toBe(201);
  const { id, runId } = started.body;
  const early = await stack.call('POST', `${idPath(id)}/revert`, {
    role: 'releaseManager',
    body: { reason: 'too soon' },
  });
  expect(early.status).toBe(409);
  expect(early.body.error.message).toMatch(/cannot revert: run .* is still .*only a succeeded rollout/);

  const done = await settled(id, runId);
  expect(done.outcome.reason).toBe('every stage passed');
  expect(done.previousDeployment).toMatchObject({
    name: 'blue',
    candidate: {
      name: 'blue',
      model: 'azureml:heart-classifier:1',
      instance_type: 'Standard_DS3_v2',
      request_settings: { max_concurrent_requests_per_instance: 8 },
    },
  });
  expect(await deployments()).toEqual({ green: 'azureml:heart-classifier:2' });

  const body = {
    reason: 'the old model was better',
    runId,
    bake: '3s',
    watch: '1s',
    analysis,
    requestBodies: [heartRequest()],
  };
  expect((await stack.call('POST', `${idPath(id)}/revert`, { role: 'viewer', body })).status).toBe(403);
  await setArchived(true);
  const archived = await stack.call('POST', `${idPath(id)}/revert`, { role: 'releaseManager', body });
  expect(archived.status).toBe(409);
  expect(archived.body.error.message).toBe(
    'cannot revert: azureml:heart-classifier:1 is archived: restore the model version first',
  );
  const cli = await cliRevert(['heart-ep', '--reason', 'the old model was better', '--run', runId]);
  expect(cli).toMatchObject({ code: 6, out: expect.stringContaining('azureml:heart-classifier:1 is archived') });
  // As on Azure, an archived version leaves the default list (ActiveOnly) and stays in `All`.
  expect(await versions()).not.toContain('1');
  expect(await versions('All')).toContain('1');
  await setArchived(false);

  const reverted = await stack.call('POST', `${idPath(id)}/revert`, { role: 'releaseManager', body });
  expect(reverted.status).toBe(201);
  expect(reverted.body.revertOf).toEqual({ runId, deployment: 'blue', model: 'azureml:heart-classifier:1' });
  const back = await settled(id, reverted.body.runId);
  expect({ state: back.state, traffic: back.traffic, model: back.model }).toEqual({
    state: 'Succeeded',
    traffic: { blue: 100 },
    model: 'azureml:heart-classifier:1',
  });
  expect(
    back.gates
      .filter((g: { verdict: { kind: string } }) => g.verdict.kind === 'pass')
      .map((g: { stage: string }) => g.stage),
  ).toEqual(expect.arrayContaining(['validate', 'canary', 'promote']));
  const { resourceGroup, workspace } = stack.emulator;
  const endpoint = await stack.emulator.arm.onlineEndpoints.get(resourceGroup, workspace, 'heart-ep');
  expect(endpoint.properties.traffic).toEqual({ blue: 100 });
  expect(await deployments()).toEqual({ blue: 'azureml:heart-classifier:1' });
  // The revert itself recorded green, so it could be reverted in turn.
  expect(back.previousDeployment).toMatchObject({ name: 'green', candidate: { model: 'azureml:heart-classifier:2' } });
}, 240_000);
