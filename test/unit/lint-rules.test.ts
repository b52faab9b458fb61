// The lint guards the layers: code that imports upward, or leaves a promise floating, fails `npm run lint`. Lints
// virtual files inside the layer folders with the repository's own eslint.config.mjs.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

interface Case {
  file: string;
  code: string;
}

// ESLint loads its flat config with import(), which Jest's module sandbox refuses; so the cases are linted in a plain
// Node process. The virtual files are not on disk, so type information comes from a default project with the
// repository's compiler options.
const LINT = `
import { ESLint } from 'eslint';
const cases = JSON.parse(process.argv[1]);
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*/lint-fixture-*.ts', '*/*/lint-fixture-*.ts'],
          defaultProject: 'tsconfig.json',
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: cases.length,
        },
      },
    },
  },
});
const results = [];
for (const { file, code } of cases) {
  const [result] = await eslint.lintText(code, { filePath: file });
  results.push(result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })));
}
process.stdout.write(JSON.stringify(results));
`;

type Finding = { ruleId: string | null; message: string };

function lintAll(cases: Case[]): Finding[][] {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', LINT, JSON.stringify(cases)], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(out) as Finding[][];
}

const rejected: Array<[string, string, string, string]> = [
  [
    'domain importing workflows',
    'domain/lint-fixture-a.ts',
    "import { x } from '../workflows/state';",
    'layers/imports',
  ],
  ['domain importing a package other than zod', 'domain/lint-fixture-b.ts', "import 'express';", 'layers/imports'],
  ['analysis importing a Node built-in', 'analysis/lint-fixture-a.ts', "import 'node:fs';", 'layers/imports'],
  [
    'analysis reading the clock',
    'analysis/lint-fixture-b.ts',
    'export const t = Date.now();',
    'no-restricted-properties',
  ],
  [
    'activities importing workflows',
    'activities/lint-fixture-a.ts',
    "import { ROLLOUT_WORKFLOW } from '../workflows/messages';",
    'layers/imports',
  ],
  [
    'activities/azure re-exporting workflows',
    'activities/azure/lint-fixture-a.ts',
    "export * from '../../workflows/state';",
    'layers/imports',
  ],
  [
    'activities using an Azure SDK outside activities/azure',
    'activities/lint-fixture-b.ts',
    "import { DefaultAzureCredential } from '@azure/identity';",
    'layers/imports',
  ],
  [
    'workflows value-importing activities',
    'workflows/lint-fixture-a.ts',
    "import { createActivities } from '../activities';",
    'layers/imports',
  ],
  [
    'workflows importing a Node built-in',
    'workflows/lint-fixture-b.ts',
    "import { randomUUID } from 'crypto';",
    'layers/imports',
  ],
  [
    'api importing activities',
    'api/lint-fixture-a.ts',
    "import type { Activities } from '../activities';",
    'layers/imports',
  ],
  [
    'api value-importing a workflow function',
    'api/lint-fixture-b.ts',
    "import { rolloutWorkflow } from '../workflows/rollout';",
    'layers/imports',
  ],
  [
    'emulator importing domain',
    'emulator/lint-fixture-a.ts',
    "import { rolloutId } from '../domain/endpoint';",
    'layers/imports',
  ],
  [
    'emulator importing the launcher',
    'emulator/arm/lint-fixture-a.ts',
    "import '../../embedded/main';",
    'layers/imports',
  ],
  [
    'require() of workflows from domain',
    'domain/lint-fixture-c.ts',
    "export const w = require('../workflows/x');",
    'layers/imports',
  ],
  [
    'import() of the emulator from the worker',
    'worker/lint-fixture-a.ts',
    "export const load = () => import('../emulator/x');",
    'layers/imports',
  ],
  [
    'import() of a computed path',
    'api/lint-fixture-c.ts',
    'export const load = (p: string) => import(p);',
    'layers/imports',
  ],
  ['production code importing tests', 'api/lint-fixture-d.ts', "import '../test/support/emulator';", 'layers/imports'],
  [
    'a floating promise',
    'workflows/lint-fixture-c.ts',
    'async function step(): Promise<void> {}\nexport function run(): void {\n  step();\n}',
    '@typescript-eslint/no-floating-promises',
  ],
];

const allowed: Array<[string, string, string]> = [
  [
    'workflows importing activity types',
    'workflows/lint-fixture-d.ts',
    "import type { Activities } from '../activities';",
  ],
  [
    'workflows importing domain and analysis',
    'workflows/stages/lint-fixture-a.ts',
    "import '../../domain/plan';\nimport '../../analysis/threshold';",
  ],
  ['api importing workflows/messages', 'api/lint-fixture-e.ts', "import { statusQuery } from '../workflows/messages';"],
  [
    'api importing a workflow function as a type',
    'api/lint-fixture-f.ts',
    "import type { rolloutWorkflow } from '../workflows/rollout';",
  ],
  ['activities/azure using an Azure SDK', 'activities/azure/lint-fixture-b.ts', "import '@azure/identity';"],
  ['tests importing the emulator', 'test/lint-fixture-a.ts', "import '../emulator/main';"],
  [
    'an awaited promise',
    'workflows/lint-fixture-e.ts',
    'async function step(): Promise<void> {}\nexport async function run() {\n  await step();\n}',
  ],
];

let findings: Finding[][];

beforeAll(() => {
  const cases = [
    ...rejected.map(([, file, code]) => ({ file, code })),
    ...allowed.map(([, file, code]) => ({ file, code })),
  ];
  findings = lintAll(cases);
});

describe('the lint', () => {
  it.each(rejected.map((c, i) => [...c, i] as const))('reports %s', (_name, _file, _code, ruleId, index) => {
    expect(findings[index].map((f) => f.ruleId)).toContain(ruleId);
  });

  it.each(allowed.map((c, i) => [...c, rejected.length + i] as const))('accepts %s', (_name, _file, _code, index) => {
    const relevant = findings[index].filter(
      (f) => f.ruleId === null || f.ruleId === 'layers/imports' || f.ruleId.includes('floating-promises'),
    );
    expect(relevant).toEqual([]);
  });
});
