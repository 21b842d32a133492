// @ts-check
// ESLint with typescript-eslint's type-aware rules for the server, the browser modules, the tests, the
// benchmarks and the scripts. Formatting is Prettier's business (`prettier --check` in `npm run lint`), so
// no rule here is about layout. A rule turned off says why in one line beside it.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const tests = ['**/*.test.ts', '**/*.test.tsx', 'test/**'];

export default defineConfig(
  // Built output, local data and test fixtures (scripts written for older versions of the code) are not ours to lint.
  globalIgnores(['dist/', 'data/', 'bench/.corpus/', 'test-results/', 'scratch/', 'test/fixtures/']),
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // tsconfig.json covers the TypeScript of src, test, bench and scripts; the few plain-JS files (bin, scripts, the read pool's worker) get a default project.
        projectService: { allowDefaultProject: ['bin/*.js', 'scripts/*.mjs', 'src/db/*.mjs', 'eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: globals.node,
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test() and describe() return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        // `import { x, type Y }` as the code writes it; `typeof import('sharp')` names a module that is loaded lazily.
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      // A leading underscore marks a value left out on purpose (`const { passwordHash: _hash, ...user } = row`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // `${counts}` in a test's message prints the array as 1,2,3 on purpose.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowArray: true }],
      // `catch {}` is how the code says "a failure here changes nothing" (e.g. a stat that may find no file).
      'no-empty': ['error', { allowEmptyCatch: true }],
      // Off: what it flags is `String(x)` of unknown input on purpose (a posted field, a thrown non-Error), where any text will do.
      '@typescript-eslint/no-base-to-string': 'off',
      // Off: the regexes it flags exist to find control characters (unprintable input, invalid XML characters).
      'no-control-regex': 'off',
      // Off: Fastify plugins are async functions by contract, and callbacks satisfy Promise-returning interfaces without awaiting.
      '@typescript-eslint/require-await': 'off',
      // Off: wrongly flags `res.json() as T` (a generic return inferred from the assertion), and its fix would leave `any`.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // Off: it flags a defensive initial value before branches that all assign (`let message = ''; try {...} catch {...}`).
      'no-useless-assignment': 'off',
    },
  },
  {
    files: ['src/client/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    // Migrations and the migration runner see the database as it was at each step, not as src/db/schema.ts types it today.
    files: ['src/**/migrations.ts', 'src/db/**', '**/*.d.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Tests read JSON answers (`res.json()`, `JSON.parse`) as they come and check their shape with assertions.
    files: tests,
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain JavaScript has untyped parameters: every value through them is `any`.
    files: ['**/*.js', '**/*.mjs'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
