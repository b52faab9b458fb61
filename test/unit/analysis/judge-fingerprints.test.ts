// A shipped judge version never changes a verdict: test/replay/judge-fingerprints.json holds, per version, a hash of
// its verdicts over a fixed input set (test/support/judge-inputs.ts). A change to analysis/ that alters one fails
// here; add a version in analysis/index.ts instead. `UPDATE_JUDGE_FINGERPRINTS=1` (npm run
// update-judge-fingerprints) adds the fingerprints of new versions and never rewrites a shipped one.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { judgeAt, judgeVersions } from '../../../analysis';
import type { Judge } from '../../../analysis/types';
import { judgeFingerprint, judgeVerdictLines, type InputSet } from '../../support/judge-inputs';

const FILE = resolve(__dirname, '..', '..', 'replay', 'judge-fingerprints.json');
const stored: Record<string, string> = existsSync(FILE) ? JSON.parse(readFileSync(FILE, 'utf8')) : {};
// Each version has a fingerprint per input set: `kind@N` over the gates' reads, `kind@N/watch` over the watch's.
const SETS: InputSet[] = ['gates', 'watch'];
const keyOf = (kind: string, version: number, set: InputSet) => `${kind}@${version}${set === 'gates' ? '' : `/${set}`}`;
const versions = judgeVersions().flatMap(({ kind, version }) =>
  SETS.map((set) => ({ kind, version, set, key: keyOf(kind, version, set) })),
);

afterAll(() => {
  if (process.env.UPDATE_JUDGE_FINGERPRINTS !== '1') return;
  const added = { ...stored };
  for (const { kind, version, set, key } of versions) added[key] ??= judgeFingerprint(kind, version, undefined, set);
  if (JSON.stringify(added) !== JSON.stringify(stored)) writeFileSync(FILE, JSON.stringify(added, null, 2) + '\n');
});

describe('judge fingerprints', () => {
  it.each(versions)('$key gives the verdicts it shipped with', ({ kind, version, set, key }) => {
    if (stored[key] === undefined) {
      if (process.env.UPDATE_JUDGE_FINGERPRINTS === '1') return; // added after the tests
      throw new Error(`no fingerprint for ${key}: run npm run update-judge-fingerprints and commit the file`);
    }
    const fingerprint = judgeFingerprint(kind, version, undefined, set);
    if (fingerprint !== stored[key]) {
      throw new Error(
        `${key} changed a verdict on the fixed input set: a shipped version must keep its verdicts (rollouts ` +
          `pinned to it replay them). Add a new version in analysis/index.ts instead. Its verdicts now:\n` +
          judgeVerdictLines(kind, version, undefined, set).slice(0, 20).join('\n'),
      );
    }
  });

  it('names only versions analysis/ still has', () => {
    expect(versions.map((v) => v.key)).toEqual(expect.arrayContaining(Object.keys(stored)));
  });

  it('tells the versions apart on the two sets together, and is deterministic', () => {
    const prints = judgeVersions().map(({ kind, version }) =>
      SETS.map((set) => judgeFingerprint(kind, version, undefined, set)).join('+'),
    );
    expect(new Set(prints).size).toBe(prints.length);
    expect(judgeFingerprint('sequential', 1)).toBe(stored['sequential@1'] ?? judgeFingerprint('sequential', 1));
  });

  it.each(versions)('fails for $key when one verdict changes without a version', ({ kind, version, set, key }) => {
    const judge = judgeAt(kind, version);
    let calls = 0;
    // A deliberate change: the 30th verdict's reasons gain a word, as a reworded rule would.
    const changed: Judge = (input) => {
      const out = judge(input);
      calls += 1;
      return calls === 30 ? { ...out, verdict: { ...out.verdict, reasons: [...out.verdict.reasons, 'changed'] } } : out;
    };
    const original = stored[key] ?? judgeFingerprint(kind, version, undefined, set);
    expect(judgeFingerprint(kind, version, changed, set)).not.toBe(original);
  });
});
