// The rest of the surface on the real stack: bad inputs answered 4xx with no state change, the plan dry run and its
// timeline, a YAML plan, server-sent events to the end, health, readiness and Prometheus metrics.
import { idPath, useApiStack, waitFor } from '../../support/api-stack';

const stack = useApiStack({ rps: 0 });

async function snapshot() {
  const endpoint = await stack.emulator.arm.onlineEndpoints.get(
    stack.emulator.resourceGroup,
    stack.emulator.workspace,
    'heart-ep',
  );
  const deployments: string[] = [];
  for await (const d of stack.emulator.arm.onlineDeployments.list(
    stack.emulator.resourceGroup,
    stack.emulator.workspace,
    'heart-ep',
  ))
    deployments.push(d.name!);
  const rollouts = (await stack.call('GET', '/rollouts?endpoint=heart-ep', { role: 'viewer' })).body.items.length;
  return {
    traffic: endpoint.properties.traffic,
    mirror: (endpoint.properties as { mirrorTraffic?: unknown }).mirrorTraffic,
    deployments,
    rollouts,
  };
}

const yamlPlan = `# a short release
endpoint: heart-ep
candidate:
  model: azureml:heart-classifier:2
stages:
  - kind: deploy
  - kind: promote
    watch: 0s
`;

describe('bad inputs change nothing', () => {
  const cases: [string, { body: string; contentType?: string; path?: string }, number, RegExp][] = [
    ['malformed JSON', { body: '{"endpoint": "heart-ep",' }, 400, /malformed JSON/],
    [
      'malformed YAML',
      { body: 'endpoint: heart-ep\nstages: [\n', contentType: 'application/yaml' },
      400,
      /malformed YAML at line/,
    ],
    [
      'duplicate YAML keys',
      { body: 'endpoint: a\nendpoint: b\n', contentType: 'application/yaml' },
      400,
      /malformed YAML/,
    ],
    ['a JSON array', { body: '[1,2]' }, 400, /expected object/],
    [
      'unknown fields',
      {
        body: JSON.stringify({
          endpoint: 'heart-ep',
          candidate: { model: 'azureml:heart-classifier:2' },
          stages: [{ kind: 'deploy' }],
          force: true,
        }),
      },
      400,
      /unknown field 'force'/,
    ],
    [
      'wrong types',
      {
        body: JSON.stringify({
          endpoint: 7,
          candidate: { model: 'azureml:heart-classifier:2', instance_count: 'two' },
          stages: 'deploy',
        }),
      },
      400,
      /invalid plan: 3 problems/,
    ],
    ['an oversize body', { body: JSON.stringify({ endpoint: 'heart-ep', pad: 'x'.repeat(70_000) }) }, 413, /too large/],
    [
      'an unsupported media type',
      { body: 'endpoint=heart-ep', contentType: 'application/x-www-form-urlencoded' },
      415,
      /unsupported Content-Type/,
    ],
    [
      'a control body that is not JSON',
      { body: 'reason: yaml', contentType: 'application/yaml', path: '/rollouts/heart-ep/pause' },
      415,
      /application\/json only/,
    ],
  ];

  it.each(cases)('answers %s with a clear 4xx', async (_what, input, status, message) => {
    const before = await snapshot();
    const response = await stack.call('POST', input.path ?? '/rollouts', {
      role: 'admin',
      body: input.body,
      contentType: input.contentType,
    });
    expect(response.status).toBe(status);
    expect(response.body.error.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it('answers odd ids and targets with 4xx, never 5xx', async () => {
    expect((await stack.call('GET', '/rollouts/heart-ep?runId=not-a-run-id', { role: 'viewer' })).status).toBeLessThan(
      500,
    );
    expect((await stack.call('GET', '/rollouts/%E0%A4%A', { role: 'viewer' })).status).toBe(400);
    const elsewhere = await stack.call('POST', '/rollouts', {
      role: 'admin',
      body: JSON.stringify({
        endpoint: 'heart-ep',
        workspace: 'no-such-ws',
        candidate: { model: 'azureml:heart-classifier:2' },
        stages: [{ kind: 'deploy' }],
      }),
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.code).toBe('InvalidPlan');
  });

  it('answers a bad list query with a 400', async () => {
    const response = await stack.call('GET', '/rollouts?state=Sideways', { role: 'viewer' });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].path).toBe('state');
    expect((await stack.call('GET', '/rollouts?limit=0', { role: 'viewer' })).status).toBe(400);
    expect((await stack.call('GET', '/rollouts?bogus=1', { role: 'viewer' })).status).toBe(400);
  });
});

describe('the plan dry run', () => {
  it('returns the live check and the timeline without changing anything', async () => {
    const before = await snapshot();
    const response = await stack.call('POST', '/plans/validate', {
      role: 'viewer',
      body: yamlPlan,
      contentType: 'application/yaml',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      valid: true,
      problems: [],
      baseline: 'blue',
      candidate: 'green',
      model: 'azureml:heart-classifier:2',
    });
    expect(response.body.timeline.steps.map((s: { kind: string; traffic: object }) => [s.kind, s.traffic])).toEqual([
      ['deploy', { blue: 100, green: 0 }],
      ['promote', { blue: 0, green: 100 }],
    ]);
    expect(response.body.timeline.worstCase).toBe('0ms');
    expect(await snapshot()).toEqual(before);
  });

  it('lists live problems in a 200 marked invalid', async () => {
    const plan = {
      endpoint: 'heart-ep',
      candidate: { name: 'blue', model: 'azureml:heart-classifier:9' },
      stages: [{ kind: 'deploy' }],
    };
    const response = await stack.call('POST', '/plans/validate', { role: 'viewer', body: plan });
    expect(response.status).toBe(200);
    expect(response.body.valid).toBe(false);
    expect(response.body.problems.map((p: { path: string }) => p.path)).toEqual(
      expect.arrayContaining(['candidate.model', 'candidate.name']),
    );
  });
});

describe('a YAML plan, followed by server-sent events to the end', () => {
  it('streams status and events until Succeeded, and the metrics count it', async () => {
    const started = await stack.call('POST', '/rollouts', {
      role: 'releaseManager',
      body: yamlPlan,
      contentType: 'application/yaml',
    });
    expect(started.status).toBe(201);
    const response = await fetch(`${stack.url}${idPath(started.body.id)}/events`, {
      headers: { authorization: `Bearer ${(await import('../../support/api-stack')).ROLE_TOKENS.viewer}` },
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await response.text(); // the server ends the stream when the rollout ends
    const events = [...text.matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map((m) => ({
      event: m[1],
      data: JSON.parse(m[2]),
    }));
    expect(events.at(-1)).toMatchObject({ event: 'end', data: { state: 'Succeeded' } });
    expect(events.filter((e) => e.event === 'event').map((e) => e.data.type)).toEqual(
      expect.arrayContaining(['rollout.started', 'traffic.set']),
    );
    expect(events.some((e) => e.event === 'status')).toBe(true);

    const list = await waitFor(
      'the succeeded rollout in the list',
      async () => {
        const l = await stack.call('GET', '/rollouts?state=Succeeded&endpoint=heart-ep', { role: 'viewer' });
        return l.body.items.length ? l.body.items : undefined;
      },
      15_000,
      500,
    );
    expect(list[0]).toMatchObject({ id: started.body.id, endpoint: 'heart-ep', model: 'azureml:heart-classifier:2' });
    const metrics = await fetch(`${stack.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/rollouts\{state="Succeeded"\} [1-9]/); // the namespace is shared with other tests
    expect(metrics).toMatch(/rollouts_started_total\{source="api"\} 1/);
    expect(metrics).toMatch(/http_requests_total\{method="POST",route="\/rollouts",status="201"\} 1/);
    expect(metrics).toMatch(/http_request_duration_seconds_bucket/);
  });
});

describe('probes', () => {
  it('reports health and Temporal readiness', async () => {
    expect(await fetch(`${stack.url}/healthz`).then((r) => r.json())).toEqual({ status: 'ok' });
    const ready = await fetch(`${stack.url}/readyz`);
    expect(ready.status).toBe(200);
    const doc = (await fetch(`${stack.url}/openapi.json`).then((r) => r.json())) as {
      paths: Record<string, Record<string, { security?: unknown }>>;
    };
    expect(doc.paths['/rollouts/{id}/promote'].post.security).toEqual([{ bearer: [] }]);
    expect(await fetch(`${stack.url}/docs`).then((r) => r.text())).toContain('/plans/validate');
  });
});
