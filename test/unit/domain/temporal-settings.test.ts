import { z } from 'zod';
import { parseEnv, type Env } from '../../../domain/config-env';
import {
  connectionOptions,
  describeTemporal,
  temporalEnvFields,
  temporalProblems,
  temporalSettings,
} from '../../../domain/temporal-settings';

const files: Record<string, string> = { '/ca.pem': 'CA', '/client.pem': 'CRT', '/client.key': 'KEY' };
const readFile = (path: string) => {
  if (!(path in files)) throw new Error(`ENOENT: no such file, open '${path}'`);
  return Buffer.from(files[path]);
};

function settle(env: Env) {
  const problems = temporalProblems(env);
  const e = parseEnv('test', z.object(temporalEnvFields), env, []);
  const settings = temporalSettings(e, readFile, problems);
  return { settings, problems };
}

describe('Temporal connection settings', () => {
  it('defaults to the local dev server over plain gRPC', () => {
    const { settings, problems } = settle({});
    expect(problems).toEqual([]);
    expect(settings).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'rollouts' });
    expect(connectionOptions(settings)).toEqual({ address: '127.0.0.1:7233' });
  });

  it('reads the CA, the client certificate and key for mTLS, with the server name', () => {
    const { settings, problems } = settle({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/ca.pem',
      TEMPORAL_TLS_CLIENT_CERT_PATH: '/client.pem',
      TEMPORAL_TLS_CLIENT_KEY_PATH: '/client.key',
      TEMPORAL_TLS_SERVER_NAME: 'temporal',
    });
    expect(problems).toEqual([]);
    expect(connectionOptions(settings)).toEqual({
      address: 'temporal.internal:7233',
      tls: {
        serverNameOverride: 'temporal',
        serverRootCACertificate: Buffer.from('CA'),
        clientCertPair: { crt: Buffer.from('CRT'), key: Buffer.from('KEY') },
      },
    });
    expect(describeTemporal(settings)).toMatchObject({ tls: 'mtls', apiKey: false });
  });

  it('turns TLS on for a Temporal Cloud API key and never logs the key', () => {
    const { settings } = settle({
      TEMPORAL_ADDRESS: 'eu-west-1.aws.api.temporal.io:7233',
      TEMPORAL_NAMESPACE: 'ml.a1b2c',
      TEMPORAL_API_KEY: 'secret-key',
    });
    expect(connectionOptions(settings)).toEqual({
      address: 'eu-west-1.aws.api.temporal.io:7233',
      tls: {},
      apiKey: 'secret-key',
    });
    expect(JSON.stringify(describeTemporal(settings))).not.toContain('secret-key');
  });

  it('uses the system trust store when only TEMPORAL_TLS is set', () => {
    expect(settle({ TEMPORAL_TLS: 'true' }).settings.tls).toEqual({});
  });

  it.each([
    [
      { TEMPORAL_TLS_CLIENT_CERT_PATH: '/client.pem' },
      'TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH: set both (mTLS) or neither',
    ],
    [
      { TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' },
      "TEMPORAL_TLS: cannot be 'false' with TEMPORAL_API_KEY or a TEMPORAL_TLS_*_PATH file (they need TLS)",
    ],
    [
      { TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/missing.pem' },
      "TEMPORAL_TLS_SERVER_CA_CERT_PATH: cannot read /missing.pem (ENOENT: no such file, open '/missing.pem')",
    ],
  ])('names the variable and the rule: %j', (env, problem) => {
    expect(settle(env).problems).toEqual([problem]);
  });

  it('refuses a TEMPORAL_TLS that is not a boolean', () => {
    expect(() => settle({ TEMPORAL_TLS: 'yes' })).toThrow("TEMPORAL_TLS: must be 'true' or 'false'");
  });
});
