// The listing's attributes: what a status lists as, and the start check's error naming what to register.
import {
  assertAttributesRegistered,
  devServerAttributeFlags,
  listingOf,
  missingAttributes,
} from '../../../domain/search-attributes';
import type { RolloutStatus } from '../../../domain/status';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ALL = {
  RolloutState: 2,
  RolloutEndpoint: 2,
  RolloutModel: 2,
  RolloutStage: 2,
  RolloutVerdict: 2,
  RolloutRollbackCause: 2,
  RolloutPaused: 5,
  RolloutUpdatedAt: 6,
};

describe('listing search attributes', () => {
  it('lists a status by state, endpoint, model, stage, last verdict and rollback cause', () => {
    const status = {
      state: 'RollingBack',
      target: { endpoint: 'heart-ep' },
      model: 'azureml:m:2',
      paused: false,
      stage: 'canary',
      gates: [{ verdict: { kind: 'continue' } }, { verdict: { kind: 'fail' } }],
      rollback: { actor: 'system' },
    } as unknown as RolloutStatus;
    expect(listingOf(status)).toEqual({
      state: 'RollingBack',
      endpoint: 'heart-ep',
      model: 'azureml:m:2',
      paused: false,
      stage: 'canary',
      verdict: 'fail',
      rollbackCause: 'gate',
    });
  });

  it('passes when every attribute is registered with its type, by enum number or name', () => {
    expect(missingAttributes(ALL)).toEqual([]);
    expect(missingAttributes({ ...ALL, RolloutPaused: 'INDEXED_VALUE_TYPE_BOOL', RolloutState: 'Keyword' })).toEqual(
      [],
    );
    expect(() => assertAttributesRegistered('default', ALL)).not.toThrow();
  });

  it('fails naming each missing or mistyped attribute and the commands that register them', () => {
    const { RolloutUpdatedAt: _dropped, ...rest } = ALL;
    expect(() => assertAttributesRegistered('prod', { ...rest, RolloutState: 1 })).toThrow(
      [
        'Temporal namespace prod lacks the search attributes RolloutState (Keyword), RolloutUpdatedAt (Datetime); register them:',
        '  temporal operator search-attribute create --namespace prod --name RolloutState --type Keyword',
        '  temporal operator search-attribute create --namespace prod --name RolloutUpdatedAt --type Datetime',
      ].join('\n'),
    );
  });

  it('gives the dev server a --search-attribute flag per attribute', () => {
    const flags = devServerAttributeFlags();
    expect(flags.filter((f) => f === '--search-attribute')).toHaveLength(Object.keys(ALL).length);
    expect(flags).toContain('RolloutPaused=Bool');
  });

  it('is what the compose setup registers', () => {
    const script = readFileSync(resolve(__dirname, '../../../deploy/register-search-attributes.sh'), 'utf8');
    const pairs = [...script.matchAll(/\b(Rollout\w+)=(\w+)/g)].map((m) => `${m[1]}=${m[2]}`);
    const flags = devServerAttributeFlags().filter((f) => f !== '--search-attribute');
    expect(pairs.sort()).toEqual(flags.sort());
  });
});
