/**
 * Ids the server already knows (plugins, logs, patches, commands...), by the name of the field that
 * held them, filled while the fuzz runs. Drawing from them takes a request past the "does not
 * exist" check into the code behind it.
 */
export class IdPool {
  private readonly byName = new Map<string, string[]>();
  /** Ids never to hand out (the test's own tokens: revoking them would end the run). */
  private readonly protectedIds = new Set<string>();

  protect(ids: Iterable<string>): void {
    for (const id of ids) this.protectedIds.add(id);
  }

  /** Collects every string under a key ending in `id` (`id`, `plugin_id`, `command_id`...) in a response body. */
  harvest(value: unknown, depth = 0): void {
    if (depth > 8 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value.slice(0, 20)) this.harvest(item, depth + 1);
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'string' && /(^|_)id$/.test(key) && item.length <= 128 && !this.protectedIds.has(item)) this.add(key, item);
      else this.harvest(item, depth + 1);
    }
  }

  /** A known id for a field of this name (by position, so a replayed seed picks the same slot), if any. */
  pick(name: string, index: number): string | undefined {
    const list = this.byName.get(name) ?? (name.endsWith('id') ? this.byName.get('id') : undefined);
    return list && list.length > 0 ? list[index % list.length] : undefined;
  }

  private add(name: string, value: string): void {
    const list = this.byName.get(name) ?? [];
    this.byName.set(name, list);
    if (list.includes(value)) return;
    list.push(value);
    if (list.length > 100) list.shift();
  }
}

/** A value drawn at request time: a known id for the field's name from the pool, or `fallback`. */
export class PooledId {
  constructor(
    readonly name: string,
    readonly index: number,
    readonly fallback: string,
  ) {}

  resolve(pool: IdPool): string {
    return pool.pick(this.name, this.index) ?? this.fallback;
  }
}
