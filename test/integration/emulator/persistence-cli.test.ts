// A restarted emulator with the same state file keeps its workspace; the CLI prints one `emulator ready {json}`
// line and stops cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestEmulator } from '../../support/emulator';

const ROOT = resolve(__dirname, '..', '..', '..');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'emulator-persist-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('keeps endpoints, deployments, traffic, models and keys across a restart', async () => {
  const stateFile = join(dir, 'state.json');
  const first = await startTestEmulator({ stateFile, dataDir: dir });
  const { arm, resourceGroup: rg, workspace: ws, lro } = first;
  let keys;
  try {
    await arm.onlineDeployments.beginCreateOrUpdateAndWait(
      rg,
      ws,
      'heart-ep',
      'green',
      {
        location: 'eastus',
        properties: { endpointComputeType: 'Managed', model: 'azureml:heart-classifier:2' },
        sku: { name: 'Default', capacity: 2 },
      },
      lro,
    );
    await arm.onlineEndpoints.beginCreateOrUpdateAndWait(
      rg,
      ws,
      'heart-ep',
      { location: 'eastus', properties: { authMode: 'Key', traffic: { blue: 80, green: 20 } } },
      lro,
    );
    await arm.onlineEndpoints.beginRegenerateKeysAndWait(rg, ws, 'heart-ep', { keyType: 'Primary' }, lro);
    await arm.modelVersions.createOrUpdate(rg, ws, 'heart-classifier', '4', {
      properties: { description: 'registered in the test' },
    });
    keys = await arm.onlineEndpoints.listKeys(rg, ws, 'heart-ep');
    expect(keys.primaryKey).not.toBe(first.info.endpoints.find((e) => e.name === 'heart-ep')!.key);
  } finally {
    await first.stop();
  }

  const second = await startTestEmulator({ stateFile, dataDir: dir });
  try {
    const ep = await second.arm.onlineEndpoints.get(rg, ws, 'heart-ep');
    expect(ep.properties.traffic).toEqual({ blue: 80, green: 20 });
    const green = await second.arm.onlineDeployments.get(rg, ws, 'heart-ep', 'green');
    expect(green).toMatchObject({
      sku: { capacity: 2 },
      properties: { model: 'azureml:heart-classifier:2', provisioningState: 'Succeeded' },
    });
    expect(await second.arm.onlineEndpoints.listKeys(rg, ws, 'heart-ep')).toEqual(keys);
    expect((await second.arm.modelVersions.get(rg, ws, 'heart-classifier', '4')).properties.description).toBe(
      'registered in the test',
    );
    expect(second.info.armEndpoint).not.toBe(first.info.armEndpoint);
  } finally {
    await second.stop();
  }
});

it('the CLI prints `emulator ready {json}` and stops on SIGTERM', async () => {
  // `node --import tsx` is what `npx tsx` runs; spawning node directly lets the test see the exit code.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'emulator/main.ts', '--port', '0', '--rps', '0', '--data-dir', dir, '--provisioning-ms', '10'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const line = await new Promise<string>((resolveLine, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no ready line; got: ${out}`)), 20_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const ready = out.split('\n').find((l) => l.startsWith('emulator ready '));
      if (ready && out.includes('\n')) {
        clearTimeout(timer);
        resolveLine(ready);
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  const info = JSON.parse(line.slice('emulator ready '.length));
  expect(info).toMatchObject({
    armEndpoint: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/),
    caCertPath: join(dir, 'emulator-ca.pem'),
    subscriptionId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
    resourceGroup: expect.any(String),
    workspace: expect.any(String),
    endpoints: expect.arrayContaining([
      { name: 'heart-ep', scoringUri: `${info.armEndpoint}/inference/heart-ep/score`, key: expect.any(String) },
    ]),
  });
  expect(readFileSync(info.caCertPath, 'utf8')).toContain('BEGIN CERTIFICATE');
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 30_000);
