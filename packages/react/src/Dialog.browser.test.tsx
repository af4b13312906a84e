/**
 * The native <dialog> in real Chromium: the top layer, a trusted Escape key (which jsdom cannot
 * send as a `cancel` event), focus restoration, and no injected <style>.
 */
import './styles.css';
import { createMemoryAdapter } from '@rebill-kit/core';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { StrictMode, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { RebillingProvider } from './context.js';
import { IntegrateStripeDialog } from './IntegrateStripeDialog.js';

afterEach(cleanup);

function Harness() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        + Integrate Stripe
      </button>
      <IntegrateStripeDialog open={open} onOpenChange={setOpen} />
    </>
  );
}

/** An adapter whose connectStripe waits until the test lets it finish, so "Connecting…" is not a race. */
function gatedAdapter() {
  const adapter = createMemoryAdapter({ stripe: 'disconnected' });
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const connect = adapter.connectStripe.bind(adapter);
  adapter.connectStripe = async (input) => {
    await gate;
    return connect(input);
  };
  return { adapter, release: () => release() };
}

function renderHarness(adapter = gatedAdapter().adapter) {
  return render(
    <StrictMode>
      <RebillingProvider adapter={adapter} locale="en-US">
        <Harness />
      </RebillingProvider>
    </StrictMode>,
  );
}

describe('Dialog (Chromium)', () => {
  it('opens modal in the top layer, closes on a real Escape and restores focus, injecting no <style>', async () => {
    renderHarness();
    const styleCount = document.querySelectorAll('style').length;
    const opener = screen.getByRole('button', { name: '+ Integrate Stripe' });
    await userEvent.click(opener);

    const dialog = screen.getByRole('dialog', { name: 'Integrate Stripe' }) as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    expect(dialog.matches(':modal')).toBe(true);
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'People' }));
    expect(getComputedStyle(dialog, '::backdrop').backgroundColor).not.toBe('rgba(0, 0, 0, 0)');
    expect(document.querySelectorAll('style').length).toBe(styleCount);

    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(dialog.open).toBe(false));
    expect(document.activeElement).toBe(opener);
  });

  it('submits with Enter, keeps focus inside while connecting, then closes and restores focus', async () => {
    const { adapter, release } = gatedAdapter();
    renderHarness(adapter);
    const opener = screen.getByRole('button', { name: '+ Integrate Stripe' });
    await userEvent.click(opener);
    await userEvent.click(screen.getByRole('radio', { name: 'Businesses' }));
    await userEvent.keyboard('{Enter}');
    const button = await screen.findByRole('button', { name: 'Connecting…' });
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByRole('dialog').contains(document.activeElement)).toBe(true);
    release();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(opener);
  });
});
