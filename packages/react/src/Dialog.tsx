import { type ReactNode, type RefObject, useEffect, useId, useLayoutEffect, useRef } from 'react';
import { useRebillingContext, useMessages } from './context.js';
import { dialogMessages } from './messages.js';

export interface DialogProps {
  /** Whether the dialog is shown. Controlled: pair it with `onOpenChange`. */
  open: boolean;
  /** Called with `false` on Escape, on the close button and when the browser closes the dialog. */
  onOpenChange(open: boolean): void;
  /** The dialog's name: shown as its heading and referenced by `aria-labelledby`. */
  title: ReactNode;
  /** Shown under the title and referenced by `aria-describedby`. */
  description?: ReactNode;
  /** Ids of further elements that describe the dialog, added to `aria-describedby`. */
  'aria-describedby'?: string;
  /** Receives focus on open. Default: the first focusable element of the body, else the close button. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** Width preset, exposed as `data-size`. Default `medium`. */
  size?: 'small' | 'medium' | 'large';
  className?: string;
  /** Rendered only while open, so its state starts fresh each time. */
  children?: ReactNode;
}

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function firstFocusable(container: Element | null): HTMLElement | null {
  if (!container) return null;
  const checkedRadio = container.querySelector<HTMLElement>('input[type="radio"]:checked:not([disabled])');
  const first = container.querySelector<HTMLElement>(FOCUSABLE);
  // A radio group is entered at its checked option, as the Tab key would.
  if (checkedRadio && first instanceof HTMLInputElement && first.type === 'radio' && first.name === (checkedRadio as HTMLInputElement).name) {
    return checkedRadio;
  }
  return first;
}

/**
 * Opens `dialog` as a modal, or, where `showModal` is missing (jsdom, old engines), with the
 * `open` attribute: not modal then (no inert page, no top layer), but focus still moves in,
 * Escape still closes it and focus returns on close. Returns whether the fallback was used.
 */
function openDialog(dialog: HTMLDialogElement): boolean {
  if (typeof dialog.showModal === 'function') {
    dialog.showModal();
    return false;
  }
  dialog.setAttribute('open', '');
  return true;
}

function closeDialog(dialog: HTMLDialogElement): void {
  if (typeof dialog.close === 'function') dialog.close();
  else dialog.removeAttribute('open');
}

/**
 * A modal dialog on the native `<dialog>` element and `showModal()`: the browser puts it in the
 * top layer, makes the rest of the page inert and handles Escape, so nothing is injected (no
 * portal, no `<style>`: safe under a strict Content-Security-Policy). Focus moves in on open and
 * back to the element that had it on close. Without `showModal` (jsdom in a host's own tests)
 * it opens with the `open` attribute instead and handles Escape itself.
 *
 * ```tsx
 * <Dialog open={open} onOpenChange={setOpen} title="Integrate Stripe">…</Dialog>
 * ```
 */
export function Dialog(props: DialogProps) {
  const { open, onOpenChange, title, description, initialFocus, size = 'medium', className, children } = props;
  const { rootStyle, theme } = useRebillingContext();
  const messages = useMessages(dialogMessages);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<Element | null>(null);
  const openRef = useRef(open);
  const onOpenChangeRef = useRef(onOpenChange);
  const titleId = useId();
  const descriptionId = useId();
  const fallbackRef = useRef(false);

  useLayoutEffect(() => {
    openRef.current = open;
    onOpenChangeRef.current = onOpenChange;
  });

  const restoreFocus = () => {
    const opener = openerRef.current;
    openerRef.current = null;
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
  };

  useLayoutEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open) {
      if (!dialog.open) {
        openerRef.current = dialog.ownerDocument.activeElement;
        fallbackRef.current = openDialog(dialog);
      }
      const target = initialFocus?.current ?? firstFocusable(bodyRef.current) ?? closeRef.current ?? dialog;
      target.focus();
    } else if (dialog.open) {
      closeDialog(dialog);
      restoreFocus();
    }
    // `initialFocus` is read once per opening, on purpose.
  }, [open]);

  useEffect(() => {
    const dialog = dialogRef.current;
    return () => {
      // Unmounting is not the user closing it: the parent must not hear `onOpenChange(false)`.
      openRef.current = false;
      if (dialog?.open) closeDialog(dialog);
      restoreFocus();
    };
  }, []);

  const describedBy = [description != null ? descriptionId : null, props['aria-describedby']].filter(Boolean).join(' ') || undefined;

  return (
    <dialog
      ref={dialogRef}
      className={className ? `rk-root rk-dialog ${className}` : 'rk-root rk-dialog'}
      style={rootStyle}
      data-theme={theme}
      data-size={size}
      data-state={open ? 'open' : 'closed'}
      tabIndex={-1}
      aria-labelledby={open ? titleId : undefined}
      aria-describedby={open ? describedBy : undefined}
      onKeyDown={(event) => {
        // Without showModal there is no cancel event: Escape is ours to handle.
        if (fallbackRef.current && event.key === 'Escape' && !event.defaultPrevented) {
          event.preventDefault();
          onOpenChangeRef.current(false);
        }
      }}
      onCancel={(event) => {
        // Escape: the parent decides; the effect above then closes the element.
        event.preventDefault();
        onOpenChangeRef.current(false);
      }}
      onClose={(event) => {
        // Closed by the browser itself (e.g. a second Escape it does not let us cancel). The event
        // is queued, so it may arrive after the dialog was opened again: ignore it then.
        if (event.currentTarget.open) return;
        restoreFocus();
        if (openRef.current) onOpenChangeRef.current(false);
      }}
    >
      {open ? (
        <div className="rk-dialog__content">
          <div className="rk-dialog__header">
            <h2 id={titleId} className="rk-dialog__title">
              {title}
            </h2>
            <button ref={closeRef} type="button" className="rk-dialog__close" aria-label={messages.close} onClick={() => onOpenChange(false)}>
              <span aria-hidden="true">×</span>
            </button>
          </div>
          {description != null ? (
            <p id={descriptionId} className="rk-dialog__description">
              {description}
            </p>
          ) : null}
          <div ref={bodyRef} className="rk-dialog__body">
            {children}
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
