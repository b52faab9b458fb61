// A shipped judge version never changes a verdict: test/replay/judge-fingerprints.json holds, per version, a hash of
// its verdicts over a fixed input set (test/support/judge-inputs.ts). A change to analysis/ that alters one fails
// here; add a version in analysis/index.ts instead. `UPDATE_JUDGE_FINGERPRINTS=1` (npm run
// update-judge-fingerprints) adds the fingerprints of new versions and never rewrites a shipped one.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { judgeAt, judgeVersions } from '../../../analysis';
import type { Judge } from '../../../analysis/types';
import { judgeFingerprint, judgeVerdictLines } from '../../support/judge-inputs';

const FILE = resolve(__dirname, '..', '..', 'replay', 'judge-fingerprints.json');
const stored: Record<string, string> = existsSync(FILE) ? JSON.parse(readFileSync(FILE, 'utf8')) : {};
const versions = judgeVersions().map(({ kind, version }) => ({ kind, version, key: `${kind}@${version}` }));

afterAll(() => {
  if (process.env.UPDATE_JUDGE_FINGERPRINTS !== '1') return;
  const added = { ...stored };
  for (const { kind, version, key } of versions) added[key] ??= judgeFingerprint(kind, version);
  if (JSON.stringify(added) !== JSON.stringify(stored)) writeFileSync(FILE, JSON.stringify(added, null, 2) + '\n');
});

describe('judge fingerprints', () => {
  it.each(versions)('$key gives the verdicts it shipped with', ({ kind, version, key }) => {
    if (stored[key] === undefined) {
      if (process.env.UPDATE_JUDGE_FINGERPRINTS === '1') return; // added after the tests
      throw new Error(`no fingerprint for ${key}: run npm run update-judge-fingerprints and commit the file`);
    }
    const fingerprint = judgeFingerprint(kind, version);
    if (fingerprint !== stored[key]) {
      throw new Error(
        `${key} changed a verdict on the fixed input set: a shipped version must keep its verdicts (rollouts ` +
          `pinned to it replay them). Add a new version in analysis/index.ts instead. Its verdicts now:\n` +
          judgeVerdictLines(kind, version).slice(0, 20).join('\n'),
      );
    }
  });

  it('names only versions analysis/ still has', () => {
    expect(versions.map((v) => v.key)).toEqual(expect.arrayContaining(Object.keys(stored)));
  });

  it('tells the versions apart, and is deterministic', () => {
    const prints = versions.map(({ kind, version }) => judgeFingerprint(kind, version));
    expect(new Set(prints).size).toBe(prints.length);
    expect(judgeFingerprint('sequential', 1)).toBe(prints[versions.findIndex((v) => v.key === 'sequential@1')]);
  });

  it.each(versions)('fails for $key when one verdict changes without a version', ({ kind, version, key }) => {
    const judge = judgeAt(kind, version);
    let calls = 0;
    // A deliberate change: the 30th verdict's reasons gain a word, as a reworded rule would.
    const changed: Judge = (input) => {
      const out = judge(input);
      calls += 1;
      return calls === 30 ? { ...out, verdict: { ...out.verdict, reasons: [...out.verdict.reasons, 'changed'] } } : out;
    };
    expect(judgeFingerprint(kind, version, changed)).not.toBe(stored[key] ?? judgeFingerprint(kind, version));
  });
});
