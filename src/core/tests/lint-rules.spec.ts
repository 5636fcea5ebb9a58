/**
 * The house rules `npm run lint` enforces bite: ESLint, with the project's own `eslint.config.js`, reports a
 * deliberate import cycle, a core → app import, an app's import past a core index and an `any`, and passes a
 * clean file. Sources are linted as text at paths inside the project (the cycle needs two real files, written
 * to a temporary folder under src/core and removed after).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { ESLint, type Linter } from 'eslint';
import { projectRoot } from '../../settings/index.js';

describe('lint rules (eslint.config.js)', function () {
  this.timeout(120_000); // loading the TypeScript parser and resolver takes seconds on a busy machine

  // Type information is switched off here: none of these rules needs it, and the probe files are not in the
  // TypeScript project. The architecture rules themselves come from the project's config, unchanged.
  const eslint = new ESLint({
    cwd: projectRoot,
    cache: false,
    overrideConfig: {
      files: ['**/*.ts'],
      languageOptions: { parserOptions: { projectService: false, project: null } },
      rules: {
        '@typescript-eslint/no-floating-promises': 'off',
        '@typescript-eslint/no-misused-promises': 'off',
        '@typescript-eslint/await-thenable': 'off',
      },
    },
  });
  const probeDir = join(projectRoot, 'src', 'core', `lint-probe-${process.pid}`);

  /** The messages ESLint reports for `text` as if it were the file at `path` (relative to the project). */
  async function lint(path: string, text: string): Promise<Linter.LintMessage[]> {
    const [result] = await eslint.lintText(text, { filePath: join(projectRoot, path) });
    return result!.messages;
  }
  const rulesOf = (messages: Linter.LintMessage[]) => messages.map((m) => `${m.line}:${m.ruleId}`);

  after(() => rmSync(probeDir, { recursive: true, force: true }));

  it('passes a clean app file that imports core through its index', async () => {
    const messages = await lint(
      'src/apps/hero/models/lint-probe.ts',
      "import { NotFound } from '../../../core/errors/index.js';\nimport { Hero } from './index.js';\n\nexport const probe = (): unknown[] => [NotFound, Hero];\n",
    );
    expect(messages, JSON.stringify(messages)).to.deep.equal([]);
  });

  it('reports an import cycle (import-x/no-cycle)', async () => {
    mkdirSync(probeDir, { recursive: true });
    writeFileSync(join(probeDir, 'b.ts'), "import { a } from './a.js';\n\nexport const b = (): number => a + 1;\n");
    const a = "import { b } from './b.js';\n\nexport const a = 1;\nexport const c = (): number => b();\n";
    writeFileSync(join(probeDir, 'a.ts'), a);
    const relative = `src/core/lint-probe-${process.pid}/a.ts`;
    expect(rulesOf(await lint(relative, a))).to.deep.equal(['1:import-x/no-cycle']);
    // A type-only import is erased at run time: it cannot form a cycle, and is not reported.
    const typeOnly = "import type { b } from './b.js';\n\nexport const a = 1;\nexport type C = typeof b;\n";
    expect(rulesOf(await lint(relative, typeOnly))).to.deep.equal([]);
  });

  it('reports core importing an app, the app entry point or a migration, statically or dynamically', async () => {
    const messages = await lint(
      'src/core/db/lint-probe.ts',
      [
        "import { Hero } from '../../apps/hero/models/index.js';",
        '',
        'export const models = [Hero];',
        "export const app = () => import('../../main.js');",
        "export const migrations = () => import('../../migrations/index.js');",
        '',
      ].join('\n'),
    );
    expect(rulesOf(messages)).to.deep.equal(['1:import-x/no-restricted-paths', '4:import-x/no-restricted-paths', '5:import-x/no-restricted-paths']);
    expect(messages[0]!.message).to.include('core must not import the project');
  });

  it('reports an app importing a core module past its index', async () => {
    const messages = await lint(
      'src/apps/hero/models/lint-probe.ts',
      "import { snakeCase } from '../../../core/db/index.js';\nimport { readSchemaOf } from '../../../core/db/wire.js';\n\nexport const probe = [snakeCase, readSchemaOf];\n",
    );
    expect(rulesOf(messages)).to.deep.equal(['2:import-x/no-restricted-paths']);
    expect(messages[0]!.message).to.include('apps import core only through its public index files');
  });

  it('reports an `any`, in a test file too', async () => {
    const messages = await lint('src/apps/hero/tests/lint-probe.spec.ts', 'export const loose = (value: any): unknown => value;\n');
    expect(rulesOf(messages)).to.deep.equal(['1:@typescript-eslint/no-explicit-any']);
  });
});
