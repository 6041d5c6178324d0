import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * A `<dialog>` shown modal as it mounts: the focus goes to `initial` (the safe choice, or the field
 * to fill), and back to the element that opened it when it unmounts.
 */
export function useModalDialog<T extends HTMLElement>(): { dialog: RefObject<HTMLDialogElement | null>; initial: RefObject<T | null> } {
  const dialog = useRef<HTMLDialogElement>(null);
  const initial = useRef<T>(null);
  // The element that opened the dialog, read before the dialog takes the focus.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal?.();
    initial.current?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, [opener]);
  return { dialog, initial };
}
