// The CLI reads a validate stage's requestFile into requestBodies; plans without one are sent as written.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveRequestFiles } from '../../../cli/request-files';

const dir = mkdtempSync(join(tmpdir(), 'request-files-'));
const planPath = join(dir, 'plan.yaml');
writeFileSync(join(dir, 'sample-request.json'), '{"data": [[1, 2], [3, 4]]}');
writeFileSync(join(dir, 'bodies.jsonl'), '{"data": [[1, 2]]}\n\n{"data": [[5, 6]]}\n');
writeFileSync(join(dir, 'broken.jsonl'), '{"data": 1}\nnot json\n');

const yaml = (file: string) =>
  `endpoint: ep\nstages:\n  - kind: deploy\n  - kind: validate\n    requestFile: ${file}\n`;

describe('resolveRequestFiles', () => {
  it('sends a plan without request files as written', () => {
    const plan = { text: 'endpoint: ep # comment\nstages: []\n', contentType: 'application/yaml' };
    expect(resolveRequestFiles(plan, planPath)).toBe(plan);
  });

  it('reads a JSON file beside the plan as one body', () => {
    const out = resolveRequestFiles({ text: yaml('sample-request.json'), contentType: 'application/yaml' }, planPath);
    expect(out.contentType).toBe('application/json');
    expect(JSON.parse(out.text).stages[1]).toEqual({
      kind: 'validate',
      requestBodies: [
        {
          data: [
            [1, 2],
            [3, 4],
          ],
        },
      ],
    });
  });

  it('reads a JSON Lines file as one body per line', () => {
    const out = resolveRequestFiles({ text: yaml('bodies.jsonl'), contentType: 'application/yaml' }, planPath);
    expect(JSON.parse(out.text).stages[1].requestBodies).toEqual([{ data: [[1, 2]] }, { data: [[5, 6]] }]);
  });

  it.each([
    ['missing.json', /cannot read request file .*missing.json: ENOENT/],
    ['broken.jsonl', /broken.jsonl line 2 is not JSON/],
  ])('refuses %s with a usage error', (file, message) => {
    expect(() => resolveRequestFiles({ text: yaml(file), contentType: 'application/yaml' }, planPath)).toThrow(message);
  });
});
