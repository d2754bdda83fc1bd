import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', 'dist/', 'lib/generated/', 'next-env.d.ts', 'lib/templates/*/starter/', 'test/fixtures/', 'e2e/artifacts/', 'playwright-report/', 'test-results/', '.berth/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The dependency-free `berth` CLI is plain Node JavaScript.
    files: ['bin/**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly', AbortSignal: 'readonly', AbortController: 'readonly', TextDecoder: 'readonly' },
    },
  },
);
