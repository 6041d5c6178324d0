import { describe, expect, it } from 'vitest';
import { stepEpisode, type OpenEpisode } from './alert-episodes.js';

const MINUTE = 60_000;
const FOR_10M = 10 * MINUTE;
const T0 = Date.parse('2031-03-01T12:00:00.000Z');

/** Runs an alert through evaluations every 15 s, each saying whether the condition holds; returns the states seen. */
function run(holds: (t: number) => boolean, until: number, forMs = FOR_10M): Array<{ t: number; step: string; episode: OpenEpisode | null }> {
  let open: OpenEpisode | null = null;
  const seen: Array<{ t: number; step: string; episode: OpenEpisode | null }> = [];
  for (let t = T0; t <= until; t += 15_000) {
    const step = stepEpisode(open, holds(t), t, forMs);
    open = step.kind === 'open' ? step.episode : null;
    seen.push({ t, step: step.kind === 'open' ? step.episode.state : step.kind, episode: open });
  }
  return seen;
}

describe('an alert episode', () => {
  it('starts pending when its condition first holds', () => {
    expect(stepEpisode(null, true, T0, FOR_10M)).toEqual({
      kind: 'open',
      started: true,
      episode: { state: 'pending', activeAt: T0, firedAt: null },
    });
  });

  it('stays pending just short of its for: duration and fires at it, keeping when it became active', () => {
    const pending: OpenEpisode = { state: 'pending', activeAt: T0, firedAt: null };
    expect(stepEpisode(pending, true, T0 + FOR_10M - 1, FOR_10M)).toEqual({ kind: 'open', started: false, episode: pending });
    expect(stepEpisode(pending, true, T0 + FOR_10M, FOR_10M)).toEqual({
      kind: 'open',
      started: false,
      episode: { state: 'firing', activeAt: T0, firedAt: T0 + FOR_10M },
    });
  });

  it('keeps the time it fired while it goes on firing', () => {
    const firing: OpenEpisode = { state: 'firing', activeAt: T0, firedAt: T0 + FOR_10M };
    expect(stepEpisode(firing, true, T0 + 3 * FOR_10M, FOR_10M)).toEqual({ kind: 'open', started: false, episode: firing });
  });

  it('is resolved at the first evaluation where a firing condition no longer holds', () => {
    const firing: OpenEpisode = { state: 'firing', activeAt: T0, firedAt: T0 + FOR_10M };
    expect(stepEpisode(firing, false, T0 + 20 * MINUTE, FOR_10M)).toEqual({ kind: 'resolve', resolvedAt: T0 + 20 * MINUTE });
  });

  it('is dropped when its condition clears before it fired', () => {
    expect(stepEpisode({ state: 'pending', activeAt: T0, firedAt: null }, false, T0 + 9 * MINUTE, FOR_10M)).toEqual({ kind: 'drop' });
  });

  it('fires at once when the rule has no for: duration', () => {
    expect(stepEpisode(null, true, T0, 0)).toEqual({ kind: 'open', started: true, episode: { state: 'firing', activeAt: T0, firedAt: T0 } });
  });

  it('writes nothing while no episode is open and the condition does not hold', () => {
    expect(stepEpisode(null, false, T0, FOR_10M)).toEqual({ kind: 'quiet' });
  });

  it('goes pending, firing at 10 minutes, then resolved when the condition holds from 0 to 30 minutes', () => {
    const seen = run((t) => t < T0 + 30 * MINUTE, T0 + 40 * MINUTE);
    const at = (minutes: number) => seen.find((s) => s.t === T0 + minutes * MINUTE)!.step;
    expect(at(0)).toBe('pending');
    expect(at(9.75)).toBe('pending');
    expect(at(10)).toBe('firing');
    expect(at(29.75)).toBe('firing');
    expect(at(30)).toBe('resolve');
    expect(at(31)).toBe('quiet');
  });

  it('starts a new episode, pending again, when a condition that flapped comes back', () => {
    const seen = run((t) => t < T0 + 5 * MINUTE || t >= T0 + 6 * MINUTE, T0 + 17 * MINUTE);
    const at = (minutes: number) => seen.find((s) => s.t === T0 + minutes * MINUTE)!;
    expect(at(5).step).toBe('drop');
    expect(at(6).episode).toEqual({ state: 'pending', activeAt: T0 + 6 * MINUTE, firedAt: null });
    expect(at(15.75).step).toBe('pending');
    expect(at(16).step).toBe('firing');
  });
});
