// Build of the desktop console: main process, sandboxed preload and renderer. The project does not use
// electron-vite's default src/main, src/preload, src/renderer layout, so every input and root is given
// here. `scripts/build.mjs` builds the renderer alone for the browser shell from this same config.
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin, Rollup } from 'vite';

const root = import.meta.dirname;
const out = (part: string) => resolve(root, 'out', part);

/** Folders named `migrations` under the given source trees (their SQL is read at run time). */
function migrationFolders(...trees: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.name === 'migrations') found.push(path);
      else walk(path);
    }
  };
  for (const tree of trees) if (existsSync(tree)) walk(tree);
  return found;
}

/**
 * The main process keeps its module layout (`preserveModules`), so code that reads its SQL migrations
 * next to itself (`new URL('./migrations/', import.meta.url)`) finds them: this copies each migrations
 * folder to the same place under out/main.
 */
function copyMigrations(outDir: string): Plugin {
  return {
    name: 'molam:copy-migrations',
    apply: 'build',
    writeBundle() {
      for (const folder of migrationFolders(resolve(root, 'src-main'), resolve(root, 'src-server'))) {
        cpSync(folder, join(outDir, relative(root, folder)), { recursive: true });
      }
    },
  };
}

/** Dependencies' comments that Rollup cannot place are dropped; nothing to act on, so not reported. */
const quietDependencyAnnotations: Rollup.RollupOptions['onwarn'] = (warning, warn) => {
  if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
  warn(warning);
};

/**
 * The renderer's start-up libraries, each its own chunk (fetched in parallel at start, cached apart from
 * the console's code, which changes more often). CodeMirror and recharts are not listed: they load with
 * the screens that use them (`lazy-diffs.tsx`, `LazyOverviewPage.tsx`).
 */
const STARTUP_LIBRARIES: Readonly<Record<string, RegExp>> = {
  react: /\/node_modules\/(react|react-dom|scheduler)\//,
  zod: /\/node_modules\/zod\//,
  tanstack: /\/node_modules\/@tanstack\//,
  intl: /\/node_modules\/(react-intl|@formatjs\/[^/]+|intl-messageformat)\//,
};

/**
 * codemirror-json-schema renders schema descriptions as markdown with markdown-it and shiki (its
 * `utils/markdown` module, imported by its hover, completion and validation): the renderer gets a plain
 * escaping stand-in instead, since the patch schema's descriptions are plain text.
 */
function plainSchemaMarkdown(): Plugin {
  const standIn = resolve(root, 'src-renderer/features/patch-editor/plain-markdown.ts');
  return {
    name: 'molam:plain-schema-markdown',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === '../utils/markdown' && importer?.includes('/node_modules/codemirror-json-schema/')) return standIn;
      return null;
    },
  };
}

/**
 * Libraries of a lazy screen that get a chunk of their own, loaded with that screen: the JSON Schema
 * validator the patch editor's completion and hover use (and what it brings), so no chunk passes 500 kB.
 */
const LAZY_LIBRARIES: Readonly<Record<string, RegExp>> = {
  'json-schema-library': /\/node_modules\/(json-schema-library|@sagold\/[^/]+|deepmerge|fast-copy|fast-deep-equal|smtp-address-parser|valid-url|nearley|moo|discontinuous-range|ret|randexp|drange)\//,
};

/** Vite's own size warning, made a build failure: a screen that needs more gets split or made lazy. */
const MAX_CHUNK_BYTES = 500 * 1024;

function chunkSizeLimit(): Plugin {
  return {
    name: 'molam:chunk-size-limit',
    apply: 'build',
    generateBundle(_options, bundle) {
      const large = Object.values(bundle).filter((file) => file.type === 'chunk' && Buffer.byteLength(file.code) > MAX_CHUNK_BYTES);
      if (large.length > 0) {
        this.error(`renderer chunks over ${MAX_CHUNK_BYTES / 1024} kB: ${large.map((file) => `${file.fileName} (${Math.round(Buffer.byteLength((file as Rollup.OutputChunk).code) / 1024)} kB)`).join(', ')}`);
      }
    },
  };
}

function libraryChunk(id: string): string | undefined {
  return Object.entries({ ...STARTUP_LIBRARIES, ...LAZY_LIBRARIES }).find(([, pattern]) => pattern.test(id))?.[0];
}

export default defineConfig({
  main: {
    root,
    build: {
      outDir: out('main'),
      rollupOptions: {
        // out/main/main.js (package.json "main"); the modules it imports keep their source paths.
        input: { main: resolve(root, 'src-main/electron/main.ts') },
        output: { preserveModules: true, preserveModulesRoot: root, entryFileNames: '[name].js' },
      },
    },
    plugins: [copyMigrations(out('main'))],
  },
  preload: {
    root,
    build: {
      outDir: out('preload'),
      // A sandboxed preload cannot `require` packages: zod and the contract are bundled in.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'src-main/preload/index.ts') },
        onwarn: quietDependencyAnnotations,
        // Sandboxed preloads run as classic scripts: CommonJS, one file.
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    build: {
      outDir: out('renderer'),
      emptyOutDir: true,
      minify: true,
      rollupOptions: {
        input: resolve(root, 'src-renderer/index.html'),
        onwarn: quietDependencyAnnotations,
        output: { manualChunks: libraryChunk },
      },
    },
    plugins: [plainSchemaMarkdown(), react(), chunkSizeLimit()],
  },
});
