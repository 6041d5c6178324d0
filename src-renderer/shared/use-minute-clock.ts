import { useEffect, useState } from 'react';

/**
 * The current time, refreshed once a minute: ages shown as "5 min" stay right without every scroll
 * step handing the rows a new timestamp (which would re-render each of them).
 */
export function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
