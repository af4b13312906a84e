/**
 * Issue 13 #14: jsdom's <dialog> has no `showModal`, so a host's own jsdom tests crashed with
 * "dialog.showModal is not a function" when they opened Integrate Stripe. Without it the dialog
 * opens with the `open` attribute, takes focus, closes on Escape and gives focus back. (Our
 * jsdom setup file adds `showModal`; these tests remove it, as a host's setup would not have it.)
 */
import { RebillingPanel } from '@rebill-kit/react';
import { renderWithRebilling } from '@rebill-kit/testkit/react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';

const prototype = HTMLDialogElement.prototype as Partial<HTMLDialogElement>;
const original = { showModal: prototype.showModal, close: prototype.close };

beforeEach(() => {
  delete prototype.showModal;
  delete prototype.close;
  expect(typeof document.createElement('dialog').showModal).toBe('undefined');
});

afterEach(() => {
  prototype.showModal = original.showModal;
  prototype.close = original.close;
});

it('issue 13 #14: Integrate Stripe opens without showModal, with focus inside, closes on Escape and returns focus', async () => {
  const user = userEvent.setup();
  const errors = vi.spyOn(console, 'error');
  renderWithRebilling(<RebillingPanel />, { adapterOptions: { stripe: 'disconnected' } });
  const opener = await screen.findByRole('button', { name: '+ Integrate Stripe' });
  await user.click(opener);
  const dialog = await screen.findByRole('dialog');
  expect(dialog.hasAttribute('open')).toBe(true);
  expect(dialog.contains(document.activeElement)).toBe(true);
  await user.keyboard('{Escape}');
  await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  expect(document.activeElement).toBe(opener);
  expect(errors).not.toHaveBeenCalled();
  errors.mockRestore();
});

it('issue 13 #14: the fallback dialog still connects Stripe', async () => {
  const user = userEvent.setup();
  const { adapter } = renderWithRebilling(<RebillingPanel />, { adapterOptions: { stripe: 'disconnected' } });
  await user.click(await screen.findByRole('button', { name: '+ Integrate Stripe' }));
  const dialog = await screen.findByRole('dialog');
  await user.click(within(dialog).getByRole('radio', { name: /People/ }));
  await user.click(within(dialog).getByRole('button', { name: 'Continue' }));
  await waitFor(() => expect(adapter.inspect.readStripe().status).toBe('connected'));
  await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
});
