// Resident memory of a process and everything it started, read from /proc (Linux): the browser shell's
// Node process, which runs the console's services and the embedded backend (PGlite included) in itself,
// plus any child it spawned (esbuild's service for tsx, a build). The browser is not counted.
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessMemory {
  pid: number;
  command: string;
  rssMb: number;
}

function readProc(pid: number, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null; // the process ended between the listing and the read
  }
}

/** The parent of every live process (`/proc/<pid>/stat`, field 4; the command may hold spaces or parentheses). */
function parentsByPid(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(Number(entry), 'stat');
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parents.set(Number(entry), Number(fields[1]));
  }
  return parents;
}

function rssMb(pid: number): number | null {
  const status = readProc(pid, 'status');
  const kb = status && /^VmRSS:\s+(\d+) kB$/m.exec(status);
  return kb ? Number(kb[1]) / 1024 : null;
}

/** The given process and its descendants with their resident memory, in megabytes (MiB). */
export function processTreeMemory(rootPid: number): ProcessMemory[] {
  const parents = parentsByPid();
  const tree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (tree.has(parent) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  const found: ProcessMemory[] = [];
  for (const pid of tree) {
    const rss = rssMb(pid);
    if (rss === null) continue;
    const command = (readProc(pid, 'cmdline') ?? '').split('\0').filter(Boolean).join(' ');
    found.push({ pid, command, rssMb: rss });
  }
  return found;
}

/** Total resident memory of a process tree, in megabytes (MiB). */
export function processTreeRssMb(rootPid: number): number {
  return processTreeMemory(rootPid).reduce((sum, p) => sum + p.rssMb, 0);
}
