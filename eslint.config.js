// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['assert', 'buffer', 'child_process', 'crypto', 'dns', 'events', 'fs', 'fs/promises', 'http', 'https', 'net', 'os', 'path', 'process', 'stream', 'timers', 'tls', 'url', 'util', 'worker_threads', 'zlib'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'generated/**', 'admin/dist/**', 'data/**', 'test/.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-expect-error': 'allow-with-description' }],
    },
  },
  {
    files: ['admin/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Workflow code must stay deterministic: no Node built-ins, no database, no HTTP, and only
    // type imports from activities (samples-typescript message-passing/introduction/.eslintrc.js).
    files: ['workflows/**/*.ts', 'rules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...NODE_BUILTINS.flatMap((m) => [{ name: m, message: 'workflows are deterministic: no Node built-ins' }, { name: `node:${m}`, message: 'workflows are deterministic: no Node built-ins' }]),
            { name: 'express', message: 'no HTTP in workflows' },
            { name: '@temporalio/activity', message: 'activities run in the worker, not in workflows' },
            { name: '@temporalio/client', message: 'no client calls from workflows' },
            { name: '@temporalio/worker', message: 'no worker APIs in workflows' },
          ],
          patterns: [
            { group: ['@prisma/*', '**/generated/**', '**/lib/db*'], message: 'no database access in workflows: call an activity' },
            { group: ['**/activities/**', '**/activities/*'], allowTypeImports: true, message: 'workflows import only types from activities' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'use sleep() from @temporalio/workflow' }, { name: 'setInterval', message: 'use sleep() in a loop' }],
    },
  },
);
