import { renderWithRebilling } from '@rebill-kit/testkit/react';
import { act, fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { useRef, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { Dialog } from './Dialog.js';

function Harness({ onOpenChange }: { onOpenChange?: (open: boolean) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          onOpenChange?.(next);
          setOpen(next);
        }}
        title="Rename"
        description="Choose a new name."
      >
        <label>
          Name <input />
        </label>
        <button type="button">Save</button>
      </Dialog>
    </>
  );
}

function dialogElement(container: HTMLElement) {
  return container.querySelector('dialog')!;
}

describe('Dialog', () => {
  it('opens as a modal, labelled by its title and described by its description, with focus inside', async () => {
    const user = userEvent.setup();
    const { container } = renderWithRebilling(<Harness />);
    const dialog = dialogElement(container);
    expect(dialog.open).toBe(false);
    expect(dialog.childElementCount).toBe(0);

    await user.click(screen.getByRole('button', { name: 'Open' }));
    expect(dialog.open).toBe(true);
    expect(screen.getByRole('dialog', { name: 'Rename' })).toBe(dialog);
    expect(document.getElementById(dialog.getAttribute('aria-describedby')!)!.textContent).toBe('Choose a new name.');
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Name' }));
    expect(dialog.classList.contains('rk-root')).toBe(true);
    expect(dialog.dataset.theme).toBe('light');
    expect(dialog.style.getPropertyValue('--rk-color-primary')).not.toBe('');
  });

  it('has no axe violations while open', async () => {
    const user = userEvent.setup();
    const { container } = renderWithRebilling(<Harness />);
    await user.click(screen.getByRole('button', { name: 'Open' }));
    const results = await axe.run(container);
    expect(results.violations).toEqual([]);
  });

  it('closes on Escape (the cancel event) and restores focus to the opener', async () => {
    const user = userEvent.setup();
    const onOpenChange = vi.fn();
    const { container } = renderWithRebilling(<Harness onOpenChange={onOpenChange} />);
    const opener = screen.getByRole('button', { name: 'Open' });
    await user.click(opener);
    const dialog = dialogElement(container);

    const cancel = new Event('cancel', { cancelable: true });
    act(() => {
      dialog.dispatchEvent(cancel);
    });
    expect(cancel.defaultPrevented).toBe(true);
    expect(onOpenChange).toHaveBeenCalledWith(false);
    expect(dialog.open).toBe(false);
    expect(document.activeElement).toBe(opener);
  });

  it('closes from its close button and restores focus', async () => {
    const user = userEvent.setup();
    const { container } = renderWithRebilling(<Harness />);
    const opener = screen.getByRole('button', { name: 'Open' });
    await user.click(opener);
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(dialogElement(container).open).toBe(false);
    expect(document.activeElement).toBe(opener);
  });

  it('tells the parent when the browser closes it on its own', async () => {
    const user = userEvent.setup();
    const onOpenChange = vi.fn();
    const { container } = renderWithRebilling(<Harness onOpenChange={onOpenChange} />);
    await user.click(screen.getByRole('button', { name: 'Open' }));
    const dialog = dialogElement(container);
    act(() => {
      dialog.removeAttribute('open');
      fireEvent(dialog, new Event('close'));
    });
    expect(onOpenChange).toHaveBeenCalledWith(false);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Open' }));
  });

  it('restores focus when unmounted while open', async () => {
    const user = userEvent.setup();
    function Toggle() {
      const [shown, setShown] = useState(false);
      return (
        <>
          <button type="button" onClick={() => setShown(true)}>
            Show
          </button>
          {shown ? (
            <Dialog open onOpenChange={() => setShown(false)} title="T">
              <button type="button" onClick={() => setShown(false)}>
                Unmount me
              </button>
            </Dialog>
          ) : null}
        </>
      );
    }
    renderWithRebilling(<Toggle />);
    const opener = screen.getByRole('button', { name: 'Show' });
    await user.click(opener);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Unmount me' }));
    await user.click(screen.getByRole('button', { name: 'Unmount me' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('focuses `initialFocus` when given', async () => {
    const user = userEvent.setup();
    function WithInitial() {
      const [open, setOpen] = useState(false);
      const target = useRef<HTMLButtonElement>(null);
      return (
        <>
          <button type="button" onClick={() => setOpen(true)}>
            Open
          </button>
          <Dialog open={open} onOpenChange={setOpen} title="T" initialFocus={target}>
            <input aria-label="First" />
            <button ref={target} type="button">
              Second
            </button>
          </Dialog>
        </>
      );
    }
    renderWithRebilling(<WithInitial />);
    await user.click(screen.getByRole('button', { name: 'Open' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Second' }));
  });
});
