// Lint: typescript-eslint's recommended rules, plus the layer rules of STYLE.md enforced as import
// restrictions so the picture "which folder may import what" stays true.
import { readdirSync } from 'node:fs';
import { URL } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'http', 'net', 'url'];
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

// Inside the renderer: app/ is the shell and composes the features; a feature never imports another
// (what two features share moves down to shared/); shared/ builds on the infrastructure (infra/, ipc/:
// bridge, query client, notices) and imports no feature; the infrastructure imports neither. A block's
// patterns replace the renderer-wide ones, so each block repeats them. Imports are relative, so the
// patterns look at the folder an import climbs back down into.
const rendererPatterns = [
  { group: [...nodeBuiltins, 'electron', '**/src-main/**', '**/src-server/**', '**/src-sdk/**'], message: 'the renderer imports src-shared only and never talks HTTP or Node' },
];
const rendererFeatures = readdirSync(new URL('./src-renderer/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const importsFrom = (folders) => `^(\\.\\./)+(${folders.join('|')})/`;
const rendererLayers = [
  ...rendererFeatures.map((feature) => ({
    files: [`src-renderer/features/${feature}/**`],
    rules: restrict([
      ...rendererPatterns,
      { regex: importsFrom(['app']), message: 'a feature does not import the shell (app/); what it needs from there moves down to shared/ or infra/' },
      {
        regex: importsFrom(['features', ...rendererFeatures.filter((other) => other !== feature)]),
        message: `${feature}/ does not import another feature: what two features share moves down to shared/`,
      },
    ]),
  })),
  {
    files: ['src-renderer/shared/**'],
    rules: restrict([...rendererPatterns, { regex: importsFrom(['app', 'features']), message: 'shared/ sits below the features and the shell: it imports infra/ and ipc/ only' }]),
  },
  {
    files: ['src-renderer/infra/**', 'src-renderer/ipc/**'],
    rules: restrict([...rendererPatterns, { regex: importsFrom(['app', 'features', 'shared']), message: 'the renderer infrastructure (infra/, ipc/) imports neither the shell, the features nor shared/' }]),
  },
];

// Inside the main process: the shells (electron/, web/) sit on top and share what both need (security
// rules, the data folder) through shell-common/, which imports no shell; app/ is the composition root
// and wires the services; ipc/ maps channels to services; services/ build on sync/, outbox/, cache/ and
// backend/ and import no shell, ipc/ or app/ (their tests may go through the composition root and the router); sync/ (engine,
// pusher, puller, applier) imports no service; cache/ imports no service or sync; backend/ imports only
// util/. As in the renderer, each block repeats the src-main-wide patterns it replaces.
const mainPatterns = [{ group: ['react', '**/src-renderer/**', '**/src-sdk/**'], message: 'src-main may import src-shared (and the embedded server) only' }];
const mainShells = ['electron', 'web', 'preload'];
const mainLayer = (files, folders, message, ignores) => ({
  files,
  ...(ignores ? { ignores } : {}),
  rules: restrict([...mainPatterns, { regex: importsFrom(folders), message }]),
});
const mainLayers = [
  mainLayer(['src-main/shell-common/**'], mainShells, 'shell-common/ is what both shells share: it imports no shell'),
  mainLayer(['src-main/ipc/**'], [...mainShells, 'shell-common'], 'ipc/ maps channels to services: it imports no shell'),
  mainLayer(['src-main/app/**'], [...mainShells, 'shell-common', 'ipc'], 'app/ is the composition root: it wires the services and imports no shell or ipc/'),
  mainLayer(['src-main/services/**'], [...mainShells, 'shell-common', 'ipc', 'app'], 'a service imports no shell, ipc/ or the composition root (app/): it gets its dependencies through its constructor', ['src-main/services/**/*.test.ts']),
  mainLayer(['src-main/services/**/*.test.ts'], [...mainShells, 'shell-common'], 'a service test imports no shell (it may go through app/ and ipc/)'),
  mainLayer(['src-main/sync/**'], [...mainShells, 'shell-common', 'ipc', 'app', 'services'], 'sync/ (engine, pusher, puller, applier) imports no service, shell, ipc/ or app/'),
  mainLayer(['src-main/cache/**'], [...mainShells, 'shell-common', 'ipc', 'app', 'services', 'sync'], 'cache/ imports no service, shell, sync/, ipc/ or app/'),
  mainLayer(['src-main/backend/**'], [...mainShells, 'shell-common', 'ipc', 'app', 'services', 'sync', 'cache', 'outbox'], 'backend/ is the HTTP client: it imports util/ only'),
];

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
    // The demo's SDK traffic drives the published SDK through its entry point, as a merchant's app would.
    files: ['src-server/demo/sdk-traffic*.ts'],
    rules: restrict([
      { group: ['electron', 'react', '**/src-main/**', '**/src-renderer/**', '**/src-sdk/**', '!**/src-sdk/index.js'], message: 'src-server may import src-shared only (the demo SDK traffic: the SDK entry point too)' },
    ]),
  },
  {
    files: ['src-main/**'],
    rules: restrict(mainPatterns),
  },
  ...mainLayers,
  {
    files: ['src-renderer/**'],
    rules: restrict(rendererPatterns),
  },
  ...rendererLayers,
  {
    files: ['src-sdk/**'],
    rules: restrict([
      { group: ['electron', 'react', '**/src-main/**', '**/src-renderer/**', '**/src-server/**'], message: 'the SDK imports only the src-shared patch format' },
    ]),
  },
);
