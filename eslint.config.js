// Lint: typescript-eslint's recommended rules, plus the layer rules of STYLE.md enforced as import
// restrictions so the picture "which folder may import what" stays true.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'http', 'net', 'url'];
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', '.tmp', 'coverage', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src-shared/**'],
    rules: restrict([
      { group: nodeBuiltins, message: 'src-shared runs anywhere: no Node built-ins' },
      { group: ['electron', 'react', 'react-dom', '**/src-server/**', '**/src-main/**', '**/src-renderer/**', '**/src-sdk/**'], message: 'src-shared imports TypeScript and zod only' },
    ]),
  },
  {
    files: ['src-server/**'],
    rules: restrict([
      { group: ['electron', 'react', '**/src-main/**', '**/src-renderer/**', '**/src-sdk/**'], message: 'src-server may import src-shared only' },
    ]),
  },
  {
    files: ['src-main/**'],
    rules: restrict([{ group: ['react', '**/src-renderer/**', '**/src-sdk/**'], message: 'src-main may import src-shared (and the embedded server) only' }]),
  },
  {
    files: ['src-renderer/**'],
    rules: restrict([
      { group: [...nodeBuiltins, 'electron', '**/src-main/**', '**/src-server/**', '**/src-sdk/**'], message: 'the renderer imports src-shared only and never talks HTTP or Node' },
    ]),
  },
  {
    files: ['src-sdk/**'],
    rules: restrict([
      { group: ['electron', 'react', '**/src-main/**', '**/src-renderer/**', '**/src-server/**'], message: 'the SDK imports only the src-shared patch format' },
    ]),
  },
);
