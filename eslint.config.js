// ESLint flat config: `npm run lint`. Enforces the house style (DESIGN.md §8) that the compiler cannot:
// no `any`, no import cycles, apps use core only through its public index files, core knows no project
// file. Type-aware rules are limited to the ones that find real bugs (unhandled promises); the rest of the
// recommended sets are syntactic, which keeps a full run to a few tens of seconds on two cores.
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** Project files core must never import: core is the framework, the project registers itself with it. */
const entryPoints = ['./src/main.ts', './src/server.ts', './src/manage.ts', './src/project.ts', './src/test-setup.ts', './src/migrations', './mikro-orm.config.ts'];
const coreKnowsNoProject = (from) => ({
  target: './src/core',
  from,
  message: 'core must not import the project: apps and the entry points register themselves with core.',
});
/** Apps see core through its public index files only, so core's internals can change without breaking them. */
const appsUseCoreIndexes = {
  target: './src/apps/**/*',
  from: './src/core/**/*',
  except: ['**/src/core/index.ts', '**/src/core/*/index.ts'],
  message: 'apps import core only through its public index files (src/core/<area>/index.ts).',
};

export default defineConfig(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'envs/**', 'statics/**', 'src/migrations/.snapshot*.json'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      // import-x parses each imported file to follow the import graph (no-cycle); it must know TypeScript.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: {
      // The house rule: no `any`, not even in tests (use `unknown` and narrow).
      '@typescript-eslint/no-explicit-any': 'error',
      // No run-time import cycle anywhere: type-only imports are erased and cannot form one.
      'import-x/no-cycle': ['error', { ignoreExternal: true, allowUnsafeDynamicCyclicDependency: false }],
      'import-x/no-self-import': 'error',
      // Layers (DESIGN.md §3): core knows no app, entry point, migration or ORM configuration; apps use
      // core only through its public index files (`src/core/<area>/index.ts`, `src/core/index.ts`).
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [coreKnowsNoProject(['./src/apps', ...entryPoints]), appsUseCoreIndexes],
        },
      ],
      // Unhandled promises are the async bugs that matter in a server: the only type-aware rules on.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      // `_`-prefixed names mark deliberately unused parameters (Express error handlers need four).
      // `{ role, ...rest }` is how a field is left out of an object, not an unused variable.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Declaration merging of a class with its interface is how models declare typed properties.
      '@typescript-eslint/no-unsafe-declaration-merging': 'off',
    },
  },
  {
    // Core's own suites run the framework against the shipped apps (the blog tutorial's models, the hero
    // routes), so they may import apps; they still never import an entry point or a migration.
    files: ['src/core/**/tests/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: [coreKnowsNoProject(entryPoints)] }],
    },
  },
  {
    files: ['**/tests/**/*.ts', 'test/**/*.ts'],
    rules: {
      // chai's property assertions (`expect(x).to.exist`, `.to.be.true`) are expression statements by design.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    files: ['eslint.config.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { process: 'readonly' } },
  },
);
