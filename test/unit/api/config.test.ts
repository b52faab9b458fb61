// The API's configuration from the environment.
import { ConfigError, parseConfig } from '../../../api/config';

const BAD_TOKENS = '[{"name":"a","role":"boss","sha256":"xyz"}]';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};

describe('parseConfig', () => {
  it('applies defaults and treats empty strings as unset', () => {
    const config = parseConfig({ API_PORT: '', TEMPORAL_ADDRESS: '' });
    expect(config).toMatchObject({
      port: 8080,
      temporal: { address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'rollouts' },
      tokens: [],
      bodyLimit: '256kb',
      updateTimeoutMs: 10_000,
      metricsCacheMs: 10_000,
      logLevel: 'info',
    });
    expect(config.entra).toBeUndefined();
  });

  it('reads every knob from its variable', () => {
    const config = parseConfig({
      API_HOST: '0.0.0.0',
      API_PORT: '9090',
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: 'prod',
      TASK_QUEUE: 'q',
      UPDATE_TIMEOUT_MS: '15000',
      METRICS_CACHE_MS: '0',
      API_BODY_LIMIT: '1mb',
      LOG_LEVEL: 'warn',
      ENTRA_ISSUER: 'https://login.example/v2.0',
      ENTRA_AUDIENCE: 'api://rollouts',
      ENTRA_JWKS_URL: 'https://login.example/keys',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 9090,
      temporal: { address: 'temporal:7233', namespace: 'prod', taskQueue: 'q' },
      updateTimeoutMs: 15_000,
      metricsCacheMs: 0,
      bodyLimit: '1mb',
      logLevel: 'warn',
      entra: {
        issuer: 'https://login.example/v2.0',
        audience: 'api://rollouts',
        jwksUrl: 'https://login.example/keys',
        rolesClaim: 'roles',
      },
    });
  });

  it('lists every problem together, naming the variable', () => {
    const problems = problemsOf({
      API_PORT: 'eighty',
      API_TOKENS: BAD_TOKENS,
      ENTRA_ISSUER: 'https://login.example/v2.0',
      ALERT_WEBHOOK_SECRET: 'short',
      TEMPORAL_ADDRESS: 'localhost',
      UPDATE_TIMEOUT_MS: '5',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^API_PORT: /),
        'ALERT_WEBHOOK_SECRET: must be at least 16 characters',
        'TEMPORAL_ADDRESS: must be host:port',
        expect.stringMatching(/^UPDATE_TIMEOUT_MS: /),
        expect.stringMatching(/^API_TOKENS\[0\.role\]: /),
        expect.stringMatching(/^API_TOKENS\[0\.sha256\]: /),
        'ENTRA_ISSUER, ENTRA_AUDIENCE and ENTRA_JWKS_URL: set all three or none',
      ]),
    );
    expect(() => parseConfig({ API_PORT: 'eighty', ALERT_WEBHOOK_SECRET: 'short' })).toThrow(
      /invalid api configuration:\n {2}API_PORT: .*\n {2}ALERT_WEBHOOK_SECRET: must be at least 16/,
    );
  });

  it('names the token source when it cannot be read or parsed', () => {
    expect(() => parseConfig({ API_TOKENS: BAD_TOKENS })).toThrow(/API_TOKENS\[0.role\]/);
    expect(() => parseConfig({ API_TOKENS: 'not json' })).toThrow(/API_TOKENS: not valid JSON/);
    expect(() => parseConfig({ API_TOKENS_FILE: '/nonexistent/tokens.json' })).toThrow(/API_TOKENS_FILE: cannot read/);
    expect(() => parseConfig({ ENTRA_ISSUER: 'https://login.example/v2.0' })).toThrow(/set all three or none/);
  });
  describe('Entra ID sign-in for the dashboard', () => {
    const signIn = {
      ENTRA_TENANT_ID: 'contoso.onmicrosoft.com',
      ENTRA_CLIENT_ID: '00000000-0000-0000-0000-00000000c11e',
      ENTRA_REDIRECT_URI: 'https://rollouts.example/ui/auth/entra/callback',
    };

    it("is off unless configured, and then discovers the tenant's v2.0 metadata at the public cloud", () => {
      expect(parseConfig({}).ui.entra).toBeUndefined();
      expect(parseConfig(signIn).ui.entra).toEqual({
        discoveryUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration',
        clientId: '00000000-0000-0000-0000-00000000c11e',
        redirectUri: 'https://rollouts.example/ui/auth/entra/callback',
        clientSecret: undefined,
        rolesClaim: 'roles',
      });
    });

    it('takes another authority (a sovereign cloud), a client secret and the roles claim', () => {
      const config = parseConfig({
        ...signIn,
        ENTRA_AUTHORITY: 'https://login.microsoftonline.us/',
        ENTRA_CLIENT_SECRET: 's3cret',
        ENTRA_ROLES_CLAIM: 'app_roles',
      });
      expect(config.ui.entra).toMatchObject({
        discoveryUrl: 'https://login.microsoftonline.us/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration',
        clientSecret: 's3cret',
        rolesClaim: 'app_roles',
      });
    });

    it('wants tenant, client id and redirect URI together, and the redirect URI at the callback route', () => {
      expect(problemsOf({ ENTRA_CLIENT_ID: 'x' })).toContain(
        'ENTRA_TENANT_ID, ENTRA_CLIENT_ID and ENTRA_REDIRECT_URI: set all three or none',
      );
      expect(problemsOf({ ...signIn, ENTRA_REDIRECT_URI: 'https://rollouts.example/callback' })).toEqual([
        'ENTRA_REDIRECT_URI: must end in /ui/auth/entra/callback',
      ]);
      expect(problemsOf({ ...signIn, ENTRA_TENANT_ID: 'a/b' })).toEqual([
        'ENTRA_TENANT_ID: must be a tenant (directory) id or domain',
      ]);
      expect(problemsOf({ ...signIn, ENTRA_TENANT_ID: 'common' })).toEqual(['ENTRA_TENANT_ID: must name one tenant']);
    });
  });
});
