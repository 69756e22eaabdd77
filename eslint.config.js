// ESLint (flat config): JavaScript's recommended rules everywhere, typescript-eslint's recommended rules on the
// TypeScript, and the type-aware promise rules on the sources tsconfig.json covers. `npm run lint` runs it after
// tsc; `npm run lint:fix` applies the fixable ones.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const unusedVars = ['error', { args: 'after-used', argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'coverage/', 'data/', 'backups/', '.adminjs/', '.bench/'] },
  js.configs.recommended,
  // Scripts and configs run by Node directly.
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
    rules: { 'no-unused-vars': unusedVars },
  },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [tseslint.configs.recommended],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise nobody awaits loses its error (an unhandled rejection ends the process).
      '@typescript-eslint/no-floating-promises': 'error',
      // An async function where a callback's result is ignored (event handlers, forEach, Fastify hooks).
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': unusedVars,
      // TypeORM relations, AdminJS and Telegraf's context types need `any` at the edges: tsc's strict mode is the check.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  // Outside tsconfig.json's include: no type information, so the type-aware rules are off there.
  { files: ['vitest.config.ts'], extends: [tseslint.configs.disableTypeChecked] },
);
