// The launcher's configuration from the environment.
import { resolve } from 'node:path';
import { ConfigError } from '../../../domain/config-env';
import { parseConfig } from '../../../embedded/config';

describe('parseConfig', () => {
  it('applies defaults, treats empty strings as unset and keeps the environment for the children', () => {
    const env = { TEMPORAL_ADDRESS: '', AZURE_SUBSCRIPTION_ID: '', API_TOKENS: '', PATH: '/bin' };
    const config = parseConfig(env);
    expect(config).toMatchObject({
      dataDir: resolve('data'),
      api: { host: '127.0.0.1', port: 8080 },
      namespace: 'default',
      taskQueue: 'rollouts',
      devServer: { port: 7233, uiPort: 8233, retentionDays: 30 },
      embeddedAzure: true,
      emulator: { port: 0, rps: 20, provisioningMs: 1000 },
    });
    expect(config.temporalAddress).toBeUndefined();
    expect(config.apiTokens).toBeUndefined();
    expect(config.env).toBe(env);
  });

  it('uses a real Temporal cluster and Azure workspace when they are set', () => {
    const config = parseConfig({
      TEMPORAL_ADDRESS: 'temporal:7233',
      AZURE_SUBSCRIPTION_ID: 'sub',
      ALERT_WEBHOOK_SECRET: 's',
    });
    expect(config).toMatchObject({ temporalAddress: 'temporal:7233', embeddedAzure: false, alertSecret: 's' });
  });

  it('lists every problem together, naming the variable', () => {
    let error: unknown;
    try {
      parseConfig({
        API_PORT: '99999',
        TEMPORAL_ADDRESS: 'localhost',
        TEMPORAL_RETENTION_DAYS: '0',
        EMULATOR_RPS: 'many',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^API_PORT: /),
      'TEMPORAL_ADDRESS: must be host:port',
      expect.stringMatching(/^TEMPORAL_RETENTION_DAYS: /),
      expect.stringMatching(/^EMULATOR_RPS: /),
    ]);
    expect((error as ConfigError).message).toMatch(/^invalid launcher configuration:\n {2}API_PORT: /);
  });
});
