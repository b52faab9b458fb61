import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../api/config';
import { publicSettings } from '../../../api/config-audit';
import { AuditLog } from '../../../store/audit-log';
import { recordConfigLoaded } from '../../../store/config-audit';

const env = (secret: string, tokens: object[]) => ({
  ALERT_WEBHOOK_SECRET: secret,
  UI_SESSION_KEY: 'k'.repeat(40),
  API_TOKENS: JSON.stringify(tokens),
  ROLLOUT_STORE_DIR: '/tmp/store',
});
const ada = { name: 'ada', role: 'admin', sha256: 'a'.repeat(64) };
const bob = { name: 'bob', role: 'viewer', sha256: 'b'.repeat(64) };

describe('config-loaded entries', () => {
  it('say first, unchanged and changed (a new token), with the previous fingerprint', async () => {
    const audit = new AuditLog(await mkdtemp(join(tmpdir(), 'config-audit-')));
    const first = await recordConfigLoaded(audit, 'api', publicSettings(parseConfig(env('s'.repeat(16), [ada]))));
    const same = await recordConfigLoaded(audit, 'api', publicSettings(parseConfig(env('s'.repeat(16), [ada]))));
    const changed = await recordConfigLoaded(
      audit,
      'api',
      publicSettings(parseConfig(env('s'.repeat(16), [ada, bob]))),
    );
    expect([first.reason, same.reason, changed.reason]).toEqual([
      'first start on record',
      'unchanged since the last start',
      'changed since the last start',
    ]);
    expect(changed.details).toMatchObject({ previous: first.details!.fingerprint });
  });

  it('hold no secret: a rotated alert secret or session key does not change it, and is not in it', () => {
    const settings = publicSettings(parseConfig(env('s'.repeat(16), [ada])));
    const rotated = publicSettings(parseConfig(env('t'.repeat(16), [ada])));
    expect(rotated).toEqual(settings);
    expect(JSON.stringify(settings)).not.toContain('s'.repeat(16));
    expect(JSON.stringify(settings)).not.toContain('k'.repeat(40));
    expect(settings).toMatchObject({ alertSecret: true, ui: { sessionKey: true } });
  });
});
