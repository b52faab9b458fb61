import { parseConfig, ConfigError } from '../../../worker/config';

const base = {
  AZURE_SUBSCRIPTION_ID: '3f2b8c1e-6d4a-4e7b-9a1c-5e8f0d2b7a64',
  AZURE_RESOURCE_GROUP: 'rg',
  AZURE_WORKSPACE: 'ws',
  AZURE_LOCATION: 'westeurope',
};

describe('parseConfig', () => {
  it('applies defaults and treats empty strings as unset', () => {
    const config = parseConfig({ ...base, TASK_QUEUE: '', WORKFLOW_BUNDLE_PATH: '' });
    expect(config.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'rollouts' });
    expect(config.workflowBundlePath).toBeUndefined();
    expect(config.azure).toMatchObject({ subscriptionId: base.AZURE_SUBSCRIPTION_ID, location: 'westeurope' });
  });

  it("reads the metrics grain and ingestion lag: Azure's (60 s, 4 min) by default, the accelerated clock when set", () => {
    expect(parseConfig(base).metrics).toEqual({ grainMs: 60_000, lagMs: 240_000 });
    expect(parseConfig({ ...base, METRICS_GRAIN: '10s', METRICS_LAG: '40s' }).metrics).toEqual({
      grainMs: 10_000,
      lagMs: 40_000,
    });
    expect(() => parseConfig({ ...base, METRICS_GRAIN: '7s' })).toThrow(/METRICS_GRAIN: must divide 60s/);
    expect(() => parseConfig({ ...base, METRICS_LAG: 'soon' })).toThrow(/METRICS_LAG/);
  });

  it('lists every problem with the variable and the rule', () => {
    let error: ConfigError | undefined;
    try {
      parseConfig({ AZURE_SUBSCRIPTION_ID: 'nope', TEMPORAL_ADDRESS: 'localhost', AZURE_ARM_ENDPOINT: 'x' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toEqual(
      expect.arrayContaining([
        'AZURE_SUBSCRIPTION_ID: must be a UUID',
        'TEMPORAL_ADDRESS: must be host:port',
        'AZURE_ARM_ENDPOINT: must be a URL',
        expect.stringMatching(/^AZURE_RESOURCE_GROUP: /),
        expect.stringMatching(/^AZURE_WORKSPACE: /),
        'AZURE_METRICS_ENDPOINT: is required when AZURE_LOCATION is not set',
      ]),
    );
  });

  it("reads the Azure client knobs, leaving them to the clients' defaults when unset", () => {
    expect(parseConfig(base).azure).toMatchObject({
      lroPollIntervalMs: undefined,
      trafficPollIntervalMs: undefined,
      sdkMaxRetries: undefined,
      scoringTimeoutMs: undefined,
      scoringConcurrency: undefined,
    });
    const config = parseConfig({
      ...base,
      AZURE_LRO_POLL_INTERVAL_MS: '500',
      AZURE_TRAFFIC_POLL_INTERVAL_MS: '250',
      AZURE_SDK_MAX_RETRIES: '0',
      SCORING_TIMEOUT_MS: '5000',
      SCORING_CONCURRENCY: '4',
    });
    expect(config.azure).toMatchObject({
      lroPollIntervalMs: 500,
      trafficPollIntervalMs: 250,
      sdkMaxRetries: 0,
      scoringTimeoutMs: 5000,
      scoringConcurrency: 4,
    });
    expect(() => parseConfig({ ...base, AZURE_SDK_MAX_RETRIES: '-1', SCORING_CONCURRENCY: 'two' })).toThrow(
      /AZURE_SDK_MAX_RETRIES: must be at least 0\n {2}SCORING_CONCURRENCY: must be a number/,
    );
  });

  it('bounds the sticky cache and sets task slots and the metrics batch window, each settable', () => {
    const config = parseConfig(base);
    expect(config.tuning).toEqual({
      maxCachedWorkflows: 1000,
      maxConcurrentWorkflowTaskExecutions: 40,
      maxConcurrentActivityTaskExecutions: 200,
    });
    expect(config.azure.metricsBatchWindowMs).toBe(1000);
    // On an accelerated clock the window shrinks with the grain, so a read never waits most of a grain.
    expect(parseConfig({ ...base, METRICS_GRAIN: '1s' }).azure.metricsBatchWindowMs).toBe(250);
    const tuned = parseConfig({
      ...base,
      WORKER_MAX_CACHED_WORKFLOWS: '100',
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '10',
      WORKER_MAX_CONCURRENT_ACTIVITIES: '50',
      METRICS_BATCH_WINDOW: '0ms',
    });
    expect(tuned.tuning).toEqual({
      maxCachedWorkflows: 100,
      maxConcurrentWorkflowTaskExecutions: 10,
      maxConcurrentActivityTaskExecutions: 50,
    });
    expect(tuned.azure.metricsBatchWindowMs).toBe(0);
    expect(() =>
      parseConfig({ ...base, WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1', METRICS_BATCH_WINDOW: 'soon' }),
    ).toThrow(/WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: must be at least 2\n {2}METRICS_BATCH_WINDOW/);
  });

  it('needs a metrics endpoint or a location', () => {
    const { AZURE_LOCATION: _omit, ...rest } = base;
    expect(() => parseConfig(rest)).toThrow(/AZURE_METRICS_ENDPOINT: is required when AZURE_LOCATION is not set/);
  });

  it('reads the CA certificate file and names it when missing', () => {
    expect(() => parseConfig({ ...base, AZURE_CA_CERT_PATH: '/nonexistent/ca.pem' })).toThrow(
      /AZURE_CA_CERT_PATH: cannot read/,
    );
  });

  it('reports every unreadable file at once, Azure and Temporal TLS alike', () => {
    expect(() =>
      parseConfig({
        ...base,
        AZURE_CA_CERT_PATH: '/nonexistent/ca.pem',
        TEMPORAL_TLS_CLIENT_CERT_PATH: '/nonexistent/client.pem',
        TEMPORAL_TLS_CLIENT_KEY_PATH: '/nonexistent/client.key',
      }),
    ).toThrow(
      /AZURE_CA_CERT_PATH: cannot read[^\n]*\n\s+TEMPORAL_TLS_CLIENT_CERT_PATH: cannot read[^\n]*\n\s+TEMPORAL_TLS_CLIENT_KEY_PATH/,
    );
  });
});
