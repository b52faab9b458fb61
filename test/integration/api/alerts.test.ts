// POST /hooks/azure-monitor on the real stack: a fired alert on an endpoint with an active rollout rolls it back with
// the alert as reason; a wrong secret is refused; resolved alerts and other targets are acknowledged and ignored.
import { ALERT_SECRET, idPath, useApiStack, waitFor } from '../../support/api-stack';

/** The shared secret as Azure Monitor's plain webhook cannot send it, and anything else can: a header. */
const secret = { 'x-webhook-secret': ALERT_SECRET };

const stack = useApiStack({ rps: 0 });

function alert(targets: string[], monitorCondition: 'Fired' | 'Resolved' = 'Fired') {
  return {
    schemaId: 'azureMonitorCommonAlertSchema',
    data: {
      essentials: {
        alertId: '/subscriptions/x/providers/Microsoft.AlertsManagement/alerts/abc',
        alertRule: 'HighErrorRate',
        severity: 'Sev1',
        signalType: 'Metric',
        monitorCondition,
        monitoringService: 'Platform',
        alertTargetIDs: targets,
        firedDateTime: new Date().toISOString(),
        description: 'error rate above 5%',
        essentialsVersion: '1.0',
        alertContextVersion: '1.0',
      },
      alertContext: { properties: null, conditionType: 'SingleResourceMultipleMetricCriteria' },
    },
  };
}

describe('Azure Monitor alert webhook', () => {
  it('rolls back the active rollout of the alerted endpoint, the alert being actor and reason', async () => {
    const alertRollbacksBefore = alertRollbacks(await fetch(`${stack.url}/metrics`).then((r) => r.text()));
    const { subscriptionId, resourceGroup } = stack.emulator.info;
    const started = await stack.call('POST', '/rollouts', {
      role: 'releaseManager',
      body: {
        endpoint: 'heart-ep',
        candidate: { model: 'azureml:heart-classifier:2' },
        stages: [{ kind: 'deploy' }, { kind: 'approval', timeout: '10m' }, { kind: 'promote', watch: '0s' }],
      },
    });
    expect(started.status).toBe(201);
    await waitFor('the approval wait', async () =>
      (await stack.call('GET', idPath(started.body.id), { role: 'viewer' })).body.state === 'AwaitingApproval'
        ? true
        : undefined,
    );

    // Azure lower-cases resource ids in alerts; the target here is the candidate deployment.
    const target =
      `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/providers/microsoft.machinelearningservices/workspaces/${stack.emulator.workspace}/onlineendpoints/heart-ep/deployments/green`.toLowerCase();
    const wrong = await stack.call('POST', '/hooks/azure-monitor', {
      body: alert([target]),
      headers: { 'x-webhook-secret': 'not-the-secret' },
    });
    expect(wrong.status).toBe(401);
    const resolved = await stack.call('POST', '/hooks/azure-monitor', {
      headers: secret,
      body: alert([target], 'Resolved'),
    });
    expect(resolved.body).toMatchObject({ action: 'ignored' });
    const elsewhere = await stack.call('POST', '/hooks/azure-monitor', {
      headers: secret,
      body: alert([target.replace('heart-ep', 'other-ep')]),
    });
    expect(elsewhere.body).toMatchObject({ action: 'ignored', reason: expect.stringMatching(/no active rollout/) });
    expect((await stack.call('GET', idPath(started.body.id), { role: 'viewer' })).body.state).toBe('AwaitingApproval');

    const fired = await fetch(`${stack.url}/hooks/azure-monitor`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-secret': ALERT_SECRET },
      body: JSON.stringify(alert([target])),
    });
    expect(fired.status).toBe(200);
    expect(await fired.json()).toMatchObject({
      action: 'rollback',
      results: [{ rolloutId: started.body.id, result: 'rollback requested' }],
    });
    const final = await waitFor('the rollback', async () => {
      const s = (await stack.call('GET', idPath(started.body.id), { role: 'viewer' })).body;
      return s.state === 'RolledBack' ? s : undefined;
    });
    expect(final.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'rollback.requested',
          actor: 'alert:HighErrorRate',
          reason: expect.stringMatching(/HighErrorRate' fired \(Sev1\): error rate above 5%/),
        }),
      ]),
    );
    const again = await stack.call('POST', '/hooks/azure-monitor', {
      headers: secret,
      body: alert([target]),
    });
    expect(again.body).toMatchObject({ action: 'ignored' });
    // The gauge counts every closed rollout of the namespace by search attribute (other test files' alerts too), and
    // Temporal's visibility catches up a moment after the close: it must grow by this rollback.
    const metrics = await waitFor('the alert rollback in /metrics', async () => {
      const text = await fetch(`${stack.url}/metrics`).then((r) => r.text());
      return alertRollbacks(text) > alertRollbacksBefore ? text : undefined;
    });
    expect(metrics).toMatch(/rollbacks_requested_total\{cause="alert"\} 1/);
  });

  it('refuses a payload that is not the common alert schema with 400', async () => {
    const response = await stack.call('POST', '/hooks/azure-monitor', {
      headers: secret,
      body: { schemaId: 'Microsoft.Insights/activityLogs', data: {} },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain('schemaId');
  });
});

/** The closed rollouts rolled back by an alert, as `/metrics` reports them (0 before the first). */
function alertRollbacks(metrics: string): number {
  return Number(/^rollout_rollbacks\{cause="alert"\} (\d+)$/m.exec(metrics)?.[1] ?? 0);
}
