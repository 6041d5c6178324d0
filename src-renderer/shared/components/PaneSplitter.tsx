import { useIntl } from 'react-intl';
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';
import { DETAIL_WIDTH, useDetailWidthStore } from '../detail-width-store.js';

/** The widest the pane may be in this container: the table keeps at least `tableMin` pixels. */
function maxWidthIn(container: HTMLElement | null): number {
  const available = (container?.clientWidth ?? DETAIL_WIDTH.max + DETAIL_WIDTH.tableMin) - DETAIL_WIDTH.tableMin;
  return Math.max(DETAIL_WIDTH.min, Math.min(DETAIL_WIDTH.max, available));
}

/**
 * The bar between the table and the detail pane: drag it, or focus it and use the arrow keys
 * (Shift for bigger steps), Home and End; Enter puts the default width back. The width is remembered.
 */
export function PaneSplitter({ container, pane }: { container: RefObject<HTMLElement | null>; pane: RefObject<HTMLElement | null> }) {
  const intl = useIntl();
  const width = useDetailWidthStore((state) => state.width);
  const resized = useDetailWidthStore((state) => state.detailResized);
  const reset = useDetailWidthStore((state) => state.detailWidthReset);
  const drag = useRef<{ startX: number; startWidth: number } | null>(null);
  // The width the pane really has (the layout may hold it narrower than asked, in a small window).
  const [actual, setActual] = useState<number | null>(null);
  useEffect(() => {
    const element = pane.current;
    if (!element) return undefined;
    const observer = new ResizeObserver(() => setActual(Math.round(element.getBoundingClientRect().width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [pane]);
  const current = () => actual ?? width ?? DETAIL_WIDTH.min;
  const max = maxWidthIn(container.current);
  const set = (next: number) => resized(Math.min(maxWidthIn(container.current), next));

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? DETAIL_WIDTH.step * 4 : DETAIL_WIDTH.step;
    // The pane is on the right: moving the bar left widens it.
    const moves: Record<string, () => void> = {
      ArrowLeft: () => set(current() + step),
      ArrowRight: () => set(current() - step),
      Home: () => set(DETAIL_WIDTH.max),
      End: () => set(DETAIL_WIDTH.min),
      Enter: reset,
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    move();
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { startX: event.clientX, startWidth: current() };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (drag.current) set(drag.current.startWidth + (drag.current.startX - event.clientX));
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const shown = Math.round(current());
  return (
    <div
      className="pane-splitter"
      role="separator"
      tabIndex={0}
      aria-orientation="vertical"
      aria-label={intl.formatMessage({ id: 'shared.splitter.label' })}
      aria-valuemin={DETAIL_WIDTH.min}
      aria-valuemax={Math.round(max)}
      aria-valuenow={shown}
      aria-valuetext={intl.formatMessage({ id: 'shared.splitter.width' }, { width: shown })}
      title={intl.formatMessage({ id: 'shared.splitter.hint' })}
      data-testid="pane-splitter"
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={reset}
    />
  );
}
