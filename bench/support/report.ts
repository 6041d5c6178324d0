/** Prints a benchmark's figures: a readable table, then the one-line JSON summary as the last line. */
export function report(
  bench: string,
  metrics: Record<string, number>,
  targets: Record<string, `<= ${number}` | `>= ${number}`>,
): boolean {
  let ok = true;
  for (const [name, value] of Object.entries(metrics)) {
    const target = targets[name];
    let verdict = '';
    if (target) {
      const [op, bound] = target.split(' ') as ['<=' | '>=', string];
      const pass = op === '<=' ? value <= Number(bound) : value >= Number(bound);
      ok &&= pass;
      verdict = `${pass ? 'meets' : 'MISSES'} ${target}`;
    }
    console.log(`${name.padEnd(36)} ${String(Math.round(value * 100) / 100).padStart(12)}  ${verdict}`);
  }
  console.log(JSON.stringify({ bench, metrics, targets }));
  return ok;
}
