// Bad input gets a 4xx with Azure's error body and changes nothing; the HTTP surface accepts what the SDKs send
// (any api-version, the percent-encoded parameter name, the `//` prefix) and insists on a Bearer header.
import { request } from 'node:https';
import { useTestEmulator } from '../../support/emulator';
import { raw, wsPath } from '../../support/raw';

const emu = useTestEmulator({ maxBodyBytes: 64 * 1024 });

const endpointPath = () => wsPath(emu, '/onlineEndpoints/heart-ep');
const azureError = (code: string) => ({
  error: { code, message: expect.any(String), details: [], additionalInfo: [] },
});

async function unchanged(action: () => Promise<void>) {
  const before = await raw(emu, 'GET', endpointPath());
  const deps = await raw(emu, 'GET', wsPath(emu, '/onlineEndpoints/heart-ep/deployments'));
  await action();
  expect((await raw(emu, 'GET', endpointPath())).body).toEqual(before.body);
  expect((await raw(emu, 'GET', wsPath(emu, '/onlineEndpoints/heart-ep/deployments'))).body).toEqual(deps.body);
}

/** A request outside the SDK pipeline, to control every header. */
function plain(
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${emu.info.armEndpoint}${path}`, { method, headers, ca: emu.caCert }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('bad input', () => {
  it('answers malformed JSON with 400 InvalidRequestContent', () =>
    unchanged(async () => {
      const res = await raw(emu, 'PUT', endpointPath(), '{"location": "eastus", "properties": {');
      expect(res.status).toBe(400);
      expect(res.body).toEqual(azureError('InvalidRequestContent'));
    }));

  it('answers traffic naming an unknown deployment with 400 BadArgument', () =>
    unchanged(async () => {
      const res = await raw(emu, 'PUT', endpointPath(), {
        location: 'eastus',
        properties: { authMode: 'Key', traffic: { ghost: 100 } },
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(azureError('BadArgument'));
      expect(res.body.error.message).toContain("no deployment named 'ghost'");
    }));

  it.each([
    [{ location: 'eastus', properties: { authMode: 'Key', traffic: { blue: '100' } } }, 'properties.traffic.blue'],
    [{ location: 'eastus', properties: { authMode: 'Password' } }, 'properties.authMode'],
    [{ location: 42, properties: { authMode: 'Key' } }, 'location'],
    [{ location: 'eastus' }, 'properties'],
    [[1, 2, 3], 'body'],
  ])('answers wrong types %j with 400 naming the field', (body, field) =>
    unchanged(async () => {
      const res = await raw(emu, 'PUT', endpointPath(), body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(azureError('BadArgument'));
      expect(res.body.error.message).toContain(`${field}:`);
    }),
  );

  it('answers a deployment body with wrong types with 400', () =>
    unchanged(async () => {
      const body = {
        location: 'eastus',
        properties: { endpointComputeType: 'Managed', model: 'azureml:heart-classifier:1' },
        sku: { capacity: 1.5 },
      };
      const res = await raw(emu, 'PUT', wsPath(emu, '/onlineEndpoints/heart-ep/deployments/blue'), body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('sku.capacity: must be an integer');
    }));

  it("answers an oversize body with 413 and Azure's error body", () =>
    unchanged(async () => {
      const body = {
        location: 'eastus',
        tags: { big: 'x'.repeat(70 * 1024) },
        properties: { authMode: 'Key', traffic: { blue: 100 } },
      };
      const res = await raw(emu, 'PUT', endpointPath(), body);
      expect(res.status).toBe(413);
      expect(res.body).toEqual(azureError('RequestEntityTooLarge'));
    }));
});

describe('HTTP surface', () => {
  const auth = { authorization: 'Bearer anything' };

  it("answers 401 with Azure's error body without a Bearer header", async () => {
    const res = await plain('GET', `${endpointPath()}?api-version=2022-10-01`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual(azureError('AuthenticationFailed'));
    expect(
      (await plain('GET', `${endpointPath()}?api-version=2022-10-01`, { authorization: 'Basic abc' })).status,
    ).toBe(401);
  });

  it('accepts any api-version, also under the percent-encoded name, and refuses none', async () => {
    expect((await plain('GET', `${endpointPath()}?api-version=2099-01-01-preview`, auth)).status).toBe(200);
    expect((await plain('GET', `${endpointPath()}?api%2Dversion=2024-02-01`, auth)).status).toBe(200);
    const missing = await plain('GET', endpointPath(), auth);
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual(azureError('MissingApiVersionParameter'));
  });

  it('collapses the // path prefix of the old metrics client', async () => {
    const res = await plain('GET', `/${endpointPath()}?api-version=2024-02-01`, auth);
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('heart-ep');
  });

  it('answers another subscription or workspace with 404', async () => {
    const other = endpointPath().replace(emu.workspace, 'other-ws');
    expect((await plain('GET', `${other}?api-version=1`, auth)).body).toEqual(azureError('ResourceNotFound'));
    const sub = endpointPath().replace(emu.info.subscriptionId, '00000000-0000-0000-0000-000000000000');
    expect((await plain('GET', `${sub}?api-version=1`, auth)).body).toEqual(azureError('SubscriptionNotFound'));
  });

  it('serves ARM paths case-insensitively', async () => {
    const res = await plain(
      'GET',
      `${endpointPath().replace('/resourceGroups/', '/resourcegroups/')}?api-version=1`,
      auth,
    );
    expect(res.status).toBe(200);
  });
});
