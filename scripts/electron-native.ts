// better-sqlite3 is compiled for Node (tests and the browser shell run under Node). Electron has another
// ABI, so the desktop console loads an Electron build of the same module, kept apart in
// out/native/electron-<version>/better_sqlite3.node and handed to better-sqlite3's `nativeBinding`
// option (src-main/electron/native-binding.ts). This makes that copy: a prebuilt binary from
// better-sqlite3's releases (prebuild-install), else a compile against Electron's headers (node-gyp).
// Both need internet access the first time. `npx tsx scripts/electron-native.ts [version]` runs it alone.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { electronVersion } from './electron-binary.js';
import { isEntryPoint, ROOT } from './paths.js';

const require = createRequire(import.meta.url);

/** Where the Electron build of better-sqlite3 lives for this Electron version. */
export function electronBindingPath(version: string): string {
  return join(ROOT, 'out', 'native', `electron-${version}`, 'better_sqlite3.node');
}

interface Step {
  ok: boolean;
  output: string;
}

function run(args: string[], cwd: string): Step {
  const env = { ...process.env };
  // npm hands scripts the machine's Node headers folder; an Electron build needs Electron's headers.
  delete env.npm_config_nodedir;
  delete env.NPM_CONFIG_NODEDIR;
  const result = spawnSync(process.execPath, args, { cwd, env, stdio: 'pipe', encoding: 'utf8', timeout: 10 * 60_000 });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

function nodeGypScript(): string | null {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((path): path is string => path !== undefined && existsSync(path)) ?? null;
}

function lastLine(text: string): string {
  return text.split('\n').filter(Boolean).at(-1) ?? 'no output';
}

/** Makes sure the Electron build of better-sqlite3 exists for `version`: its path, or what failed. */
export function ensureElectronBinding(version: string): { path: string } | { error: string } {
  const target = electronBindingPath(version);
  if (existsSync(target)) return { path: target };
  const packageDir = dirname(require.resolve('better-sqlite3/package.json'));
  const work = mkdtempSync(join(tmpdir(), 'molam-sqlite-electron-'));
  try {
    // Built in a copy, so the Node build in node_modules stays as it is.
    cpSync(packageDir, work, { recursive: true, filter: (source) => !source.startsWith(`${packageDir}${sep}build`) });
    const platform = ['--runtime', 'electron', '--target', version, '--arch', process.arch, '--platform', process.platform];
    const prebuilt = run([require.resolve('prebuild-install/bin.js'), ...platform], work);
    let compiled: Step = { ok: false, output: 'not needed' };
    if (!prebuilt.ok) {
      const gyp = nodeGypScript();
      const gypArgs = ['rebuild', '--release', `--target=${version}`, `--arch=${process.arch}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'];
      compiled = gyp ? run([gyp, ...gypArgs], work) : { ok: false, output: 'node-gyp not found' };
    }
    const built = join(work, 'build', 'Release', 'better_sqlite3.node');
    if (!existsSync(built)) {
      return { error: `no prebuilt binary (${lastLine(prebuilt.output)}) and no local build (${lastLine(compiled.output)})` };
    }
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(built, target);
    return { path: target };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (isEntryPoint(import.meta.url)) {
  const version = process.argv[2] ?? electronVersion();
  if (!version) throw new Error('the electron package is not installed');
  const result = ensureElectronBinding(version);
  if ('path' in result) console.log(`better-sqlite3 for Electron ${version}: ${result.path}`);
  else {
    console.error(`Could not make better-sqlite3 for Electron ${version}: ${result.error}`);
    process.exitCode = 1;
  }
}
