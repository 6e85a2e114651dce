/**
 * Returns the focus to where it was when a dialog opened, once it closes. Fluent restores focus
 * only to a DialogTrigger; the console opens dialogs from table rows that may re-render while the
 * dialog is up (a list reloaded after a change), so the element is remembered by its focus key
 * (`data-focus-key`) as well, and the fresh element with that key is focused if the old one is gone.
 * The element is the last one focused outside any dialog: by the time a dialog's effects run,
 * Fluent has already moved the focus into it.
 */
import { useEffect, useRef } from 'react';

/** About two seconds at 60 frames a second. */
const MAX_FRAMES = 120;

let lastOutside: HTMLElement | null = null;
let tracking = false;

function track(): void {
  if (tracking) return;
  tracking = true;
  document.addEventListener('focusin', (event) => {
    const target = event.target;
    if (target instanceof HTMLElement && !target.closest('[role="dialog"], [role="alertdialog"]')) lastOutside = target;
  });
}

export function useFocusReturn(open: boolean): void {
  track();
  const origin = useRef<{ element: HTMLElement | null; key: string | null }>({ element: null, key: null });
  useEffect(() => {
    if (open) {
      const element = lastOutside;
      origin.current = { element, key: element?.closest<HTMLElement>('[data-focus-key]')?.dataset['focusKey'] ?? null };
      return;
    }
    const { element, key } = origin.current;
    if (!element && !key) return;
    origin.current = { element: null, key: null };
    // After Fluent's own restore attempt and the dialog's unmount; again on the next frames while
    // the target cannot take the focus yet (a switch disabled until the change it confirmed is saved).
    let frame = 0;
    let tries = 0;
    const attempt = () => {
      const target = element?.isConnected ? element : key ? document.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`) : null;
      target?.focus();
      if (target && document.activeElement !== target && tries++ < MAX_FRAMES) frame = requestAnimationFrame(attempt);
    };
    frame = requestAnimationFrame(attempt);
    return () => cancelAnimationFrame(frame);
  }, [open]);
}
