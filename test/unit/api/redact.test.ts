import { redactEvents, redactValue, REDACTED, seesEverything } from '../../../api/redact';

describe('redaction of what non-admins see', () => {
  it('drops secrets and addresses from a plan template', () => {
    const template = {
      plan: {
        candidate: { model: 'azureml:m:2', environment_variables: { API_KEY: 'hunter2' } },
        stages: [{ kind: 'validate', request: { data: [1] } }],
        notifications: { webhookUrl: 'http://10.0.0.5:8080/scan' },
      },
      note: 'calls https://internal.corp/hook and 10.1.2.3:443',
    };
    const seen = JSON.stringify(redactValue(template));
    for (const secret of ['hunter2', '10.0.0.5', 'internal.corp', '10.1.2.3', '"data"'])
      expect(seen).not.toContain(secret);
    expect(redactValue(template)).toMatchObject({ plan: { candidate: { model: 'azureml:m:2' } } });
    expect(seen).toContain(REDACTED);
  });

  it("takes the address out of an old run's notification failure", () => {
    const events = [
      {
        at: 't',
        type: 'notify.failed',
        actor: 'system',
        reason: 'Unavailable: notify 10.0.0.5:8080: webhook unreachable',
      },
    ];
    expect(redactEvents(events)[0].reason).toBe(`Unavailable: notify ${REDACTED}: webhook unreachable`);
  });

  it('leaves admins everything', () => {
    expect(seesEverything(['admin'])).toBe(true);
    expect(seesEverything(['viewer', 'sre', 'release-manager'])).toBe(false);
  });
});
