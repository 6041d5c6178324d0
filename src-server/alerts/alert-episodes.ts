// An alert episode's life as Prometheus leads it: pending from the first evaluation where the condition
// holds, firing once it has held for the rule's `for:` (at once when `for:` is 0), resolved at the first
// evaluation where it no longer holds. A pending episode whose condition clears never fired: it is
// dropped, as Prometheus forgets it.

/** An episode not yet resolved (times in epoch milliseconds). */
export interface OpenEpisode {
  state: 'pending' | 'firing';
  activeAt: number;
  firedAt: number | null;
}

/** What one evaluation does to an alert (one rule, one patch or none). */
export type EpisodeStep =
  /** No episode, and the condition does not hold: nothing to write. */
  | { kind: 'quiet' }
  /** The condition holds: the episode starts (`started`) or goes on, in `episode`'s state. */
  | { kind: 'open'; started: boolean; episode: OpenEpisode }
  /** A pending episode whose condition cleared before its `for:`: deleted. */
  | { kind: 'drop' }
  /** A firing episode whose condition cleared: resolved now. */
  | { kind: 'resolve'; resolvedAt: number };

/** The next step of an alert, from its open episode (if any), whether its condition holds now, and its `for:`. */
export function stepEpisode(previous: OpenEpisode | null, holds: boolean, now: number, forMs: number): EpisodeStep {
  if (!holds) {
    if (previous === null) return { kind: 'quiet' };
    return previous.state === 'firing' ? { kind: 'resolve', resolvedAt: now } : { kind: 'drop' };
  }
  const activeAt = previous?.activeAt ?? now;
  if (previous?.state === 'firing') return { kind: 'open', started: false, episode: previous };
  const fires = now - activeAt >= forMs;
  return {
    kind: 'open',
    started: previous === null,
    episode: fires ? { state: 'firing', activeAt, firedAt: now } : { state: 'pending', activeAt, firedAt: null },
  };
}
