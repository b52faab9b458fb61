// ESLint for the whole repository: recommended rules, no floating promises (type-aware), and the layer arrows of the
// house style (each folder imports only what its layer may), checked for import, export-from, require() and import().
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const ROOT = dirname(fileURLToPath(import.meta.url));

// What each folder may import. `ours`: our top-level folders besides itself; `types`: folders (or files) it may import
// with `import type` only; `files`: single files it may import values from; `packages`: the only npm packages allowed,
// with no Node built-ins (omitted: any package); `confined`: packages whose values only one subfolder may import.
// Folders not listed (embedded, bench, test, scripts, examples) may import anything.
const LAYERS = {
  domain: { ours: [], packages: ['zod', 'croner'] },
  analysis: { ours: ['domain'], packages: [] },
  workflows: {
    ours: ['domain', 'analysis'],
    types: ['activities'],
    packages: ['@temporalio/workflow', '@temporalio/common'],
  },
  activities: {
    ours: ['domain', 'analysis', 'store', 'channels'],
    confined: [{ prefix: '@azure/', within: 'activities/azure/' }],
  },
  worker: { ours: ['domain', 'analysis', 'workflows', 'activities', 'telemetry', 'store', 'channels'] },
  // Durable admin records and the audit log in the directory the API and the worker share.
  store: { ours: ['domain'] },
  // Notification channels: their records, the outbound address check, the message formats, delivery; shared by the
  // API (admin routes, the check at save) and the worker's activities (delivery, the check at send).
  channels: { ours: ['domain', 'store'] },
  // Tracing setup shared by the worker and the API.
  telemetry: { ours: ['domain'] },
  api: { ours: ['domain', 'telemetry', 'store', 'channels'], files: ['workflows/messages'], types: ['workflows'] },
  emulator: { ours: [] },
  // A client of the REST API only: the domain's pure rules and names (shared with the API), the contract's types.
  cli: { ours: ['domain'], types: ['api/contract'] },
};

const isBuiltin = (spec) => spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]);
const packageName = (spec) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');
const toPosix = (path) => path.split(sep).join('/');
const under = (path, folder) => path === folder || path.startsWith(`${folder}/`);

/** Why `spec`, imported from `file` (repository-relative), breaks its layer; undefined when it is allowed. */
function violation(file, spec, typeOnly) {
  const layer = file.split('/')[0];
  const rules = LAYERS[layer];
  if (!rules) return undefined;
  if (spec.startsWith('.')) {
    const target = toPosix(relative(ROOT, resolve(ROOT, dirname(file), spec))).replace(/\.(ts|js)$/, '');
    const folder = target.split('/')[0];
    if (folder === layer || rules.ours.includes(folder)) return undefined;
    if ((rules.files ?? []).some((f) => target === f || target === `${f}/index`)) return undefined;
    if (typeOnly && (rules.types ?? []).some((t) => under(target, t))) return undefined;
    const typesNote = (rules.types ?? []).length ? `; and with \`import type\` only, ${rules.types.join(', ')}` : '';
    const allowed = [layer, ...rules.ours, ...(rules.files ?? [])].join(', ');
    return `${layer}/ may not import ${target} (it may import ${allowed}${typesNote})`;
  }
  if (rules.packages && (isBuiltin(spec) || !rules.packages.includes(packageName(spec)))) {
    const allowed = rules.packages.length ? rules.packages.join(', ') : 'no packages';
    return `${layer}/ may not import ${spec} (packages allowed: ${allowed}; no Node built-ins)`;
  }
  for (const { prefix, within } of rules.confined ?? []) {
    if (spec.startsWith(prefix) && !typeOnly && !file.startsWith(within)) {
      return `${spec} may be imported (other than as types) only inside ${within}`;
    }
  }
  return undefined;
}

const stringValue = (node) => {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return undefined;
};

const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Each folder imports only what its layer may (docs: the layout table of the house style)' },
    schema: [],
  },
  create(context) {
    const file = toPosix(relative(ROOT, context.filename));
    if (!LAYERS[file.split('/')[0]]) return {};
    const check = (node, source, typeOnly) => {
      const spec = stringValue(source);
      if (spec === undefined) {
        context.report({
          node,
          message: 'Import paths must be string literals here, so the layer rule can check them',
        });
        return;
      }
      const message = violation(file, spec, typeOnly);
      if (message) context.report({ node: source, message });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source, node.importKind === 'type'),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' &&
        check(node, node.moduleReference.expression, node.importKind === 'type'),
      TSImportType: (node) =>
        check(node, node.argument.type === 'TSLiteralType' ? node.argument.literal : node.argument, true),
      ImportExpression: (node) => check(node, node.source, false),
      CallExpression: (node) =>
        node.callee.type === 'Identifier' && node.callee.name === 'require' && check(node, node.arguments[0], false),
    };
  },
};

// Code that must be a pure function of its inputs takes `now` and `rng` as arguments. (Workflows may read Date and
// Math.random: Temporal's sandbox makes them deterministic.)
const NONDETERMINISM = {
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'Take `now` as an argument.' },
    { object: 'Math', property: 'random', message: 'Take a seeded `rng` as an argument.' },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Take `now` as an argument.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', '.tools/', 'data/', 'tmp/', 'dist/', 'bench/results/', 'test/replay/histories/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: ROOT } },
    plugins: { layers: { rules: { imports: layersRule } } },
    rules: {
      'layers/imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      // A leading underscore marks a parameter or binding kept on purpose (Express's 4-argument error handler,
      // destructuring a field away).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  { files: ['domain/**/*.ts', 'analysis/**/*.ts'], rules: NONDETERMINISM },
  {
    // Tests read arbitrary JSON response bodies; typing each one would be churn with no safety gained.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Plain Node scripts and configs.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
      },
    },
  },
  { files: ['**/*.js', '**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  {
    // The dashboard's browser script, served as is under /ui/assets.
    files: ['web/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: Object.fromEntries(
        ['window', 'document', 'fetch', 'URL', 'setInterval', 'setTimeout', 'clearTimeout', 'EventSource'].map(
          (name) => [name, 'readonly'],
        ),
      ),
    },
  },
  // Last: formatting is Prettier's job, so no stylistic rule may disagree with it.
  prettier,
);
