import {
  type SmsSegmentOptions,
  type SmsSegmentRule,
  createMemoryAdapter,
  formatUnitPrice,
  sampleSnapshot,
  smsMessageCost,
} from '@rebill-kit/core';
import { renderWithRebilling } from '@rebill-kit/testkit/react';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SmsSegmentEstimator, type SmsSegmentEstimatorProps } from './SmsSegmentEstimator.js';

function stat(container: HTMLElement, name: 'encoding' | 'segments' | 'characters') {
  return container.querySelector(`[data-stat="${name}"] dd`)!.textContent;
}

function money(container: HTMLElement, figure: 'you-pay' | 'sub-account-pays' | 'profit') {
  return container.querySelector(`[data-figure="${figure}"] dd`)?.textContent;
}

/** What core says one message costs, formatted as the estimator must show it. */
function expectedCost(text: string, options: SmsSegmentOptions & { country?: string } = {}) {
  const cost = smsMessageCost(text, { pricing: sampleSnapshot().products.sms, ...options });
  const show = (amount: string) => formatUnitPrice(amount, { locale: 'en-US', currency: 'USD' });
  return { 'sub-account-pays': show(cost.subAccountPays), 'you-pay': show(cost.youPay), profit: show(cost.profit), segments: cost.segments };
}

async function setup(props: SmsSegmentEstimatorProps = {}, adapter = createMemoryAdapter({ stripe: 'disconnected' })) {
  const user = userEvent.setup();
  const result = renderWithRebilling(<SmsSegmentEstimator {...props} />, { adapter, providerProps: { locale: 'en-US' } });
  await waitFor(() => expect(money(result.container, 'sub-account-pays')).toBeDefined());
  const textarea = screen.getByRole('textbox', { name: 'Message' });
  /** Replaces the message text, as pasting would. */
  const write = async (text: string) => {
    await user.clear(textarea);
    if (text) {
      textarea.focus();
      await user.paste(text);
    }
  };
  return { ...result, user, textarea, write };
}

describe('SmsSegmentEstimator', () => {
  it('is a calculator: works while Stripe is disconnected, with no axe violations', async () => {
    const { container, write } = await setup({ defaultValue: 'Hi {{first_name}}, your table is ready.' });
    expect(screen.getByRole('group', { name: 'SMS cost estimator' })).toBeTruthy();
    expect((screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).disabled).toBe(false);
    // Issue 14: only the segment count is announced on a keystroke, not the whole block.
    expect(container.querySelector('.rk-estimator__result')!.getAttribute('aria-live')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('1 segment');
    expect(screen.getByText('Incoming SMS are billed too, per segment, at the same price.')).toBeTruthy();
    expect((await axe.run(container)).violations).toEqual([]);
    await write('Hello');
    expect(stat(container, 'segments')).toBe('1');
  });

  it('flat rule: 160 characters is one segment, 161 is two', async () => {
    const { container, write } = await setup();
    expect(stat(container, 'segments')).toBe('0');

    await write('a'.repeat(160));
    expect(stat(container, 'segments')).toBe('1');
    expect(stat(container, 'characters')).toBe('160 used, 0 until the next segment');
    // Issue 14: the flat rule applies no GSM-7 / UCS-2 limits, so it claims no encoding.
    expect(container.querySelector('[data-stat="encoding"]')).toBeNull();

    await write('a'.repeat(161));
    expect(stat(container, 'segments')).toBe('2');
    expect(stat(container, 'characters')).toBe('161 used, 159 until the next segment');
  });

  it('shows per message exactly what core computes: sub-account pays, You Pay, profit', async () => {
    const { container, write } = await setup();
    for (const text of ['', 'Hello', 'a'.repeat(161), 'b'.repeat(481)]) {
      await write(text);
      const expected = expectedCost(text);
      expect(stat(container, 'segments')).toBe(String(expected.segments));
      expect(money(container, 'sub-account-pays')).toBe(expected['sub-account-pays']);
      expect(money(container, 'you-pay')).toBe(expected['you-pay']);
      expect(money(container, 'profit')).toBe(expected.profit);
    }
    // 2 segments × $0.0079 × 2.5: exact, sub-cent, never through floats.
    await write('a'.repeat(161));
    expect(money(container, 'sub-account-pays')).toBe('$0.0395');
    expect(money(container, 'you-pay')).toBe('$0.0158');
    expect(money(container, 'profit')).toBe('$0.0237');
    expect(screen.getByText('$0.01975 per segment')).toBeTruthy();
  });

  it('carrier rule: an emoji switches to UCS-2 (70 single, 67 per part)', async () => {
    const { container, user, write } = await setup();
    await write(`${'a'.repeat(68)}😀`);
    // The flat rule still counts 160 per segment, and (issue 14) claims no UCS-2 limit it does not apply.
    expect(container.querySelector('[data-stat="encoding"]')).toBeNull();
    expect(stat(container, 'characters')).toBe('70 used, 90 until the next segment');
    expect(stat(container, 'segments')).toBe('1');

    await user.click(screen.getByRole('radio', { name: /Carrier rules/ }));
    expect(container.querySelector('.rk-estimator')!.getAttribute('data-rule')).toBe('carrier');
    expect(stat(container, 'encoding')).toBe('UCS-2');
    expect(stat(container, 'segments')).toBe('1');
    expect(stat(container, 'characters')).toBe('70 used, 0 left in this segment');

    await write(`${'a'.repeat(69)}😀`);
    expect(stat(container, 'segments')).toBe('2');
    const expected = expectedCost(`${'a'.repeat(69)}😀`, { rule: 'carrier' });
    expect(expected.segments).toBe(2);
    expect(money(container, 'sub-account-pays')).toBe(expected['sub-account-pays']);

    // Without the emoji the same length is GSM-7: one segment of 160.
    await write('a'.repeat(71));
    expect(stat(container, 'encoding')).toBe('GSM-7');
    expect(stat(container, 'segments')).toBe('1');
  });

  it('counts each merge field at the maximum length entered for it', async () => {
    const text = `Hi {{first_name}}${'a'.repeat(140)}`;
    const { container, user } = await setup({ defaultValue: text });
    // No length yet: counted as written, with a warning that the estimate may be low.
    expect(screen.getByText(/Set a maximum length for \{\{first_name\}\}/)).toBeTruthy();
    expect(stat(container, 'segments')).toBe('1');

    const length = screen.getByRole('spinbutton', { name: 'Maximum length of {{first_name}}' });
    await user.type(length, '17');
    // 3 + 17 + 140 = 160: still one segment.
    expect(stat(container, 'characters')).toBe('160 used, 0 until the next segment');
    expect(stat(container, 'segments')).toBe('1');
    expect(screen.queryByText(/Set a maximum length/)).toBeNull();

    await user.clear(length);
    await user.type(length, '18');
    expect(stat(container, 'segments')).toBe('2');
    const expected = expectedCost(text, { fieldLengths: { first_name: 18 } });
    expect(money(container, 'sub-account-pays')).toBe(expected['sub-account-pays']);
    expect(money(container, 'profit')).toBe(expected.profit);
  });

  it('marks an impossible field length invalid and leaves it out', async () => {
    const { container, user } = await setup({ defaultValue: '{{code}}', defaultFieldLengths: { code: 6 } });
    expect(stat(container, 'characters')).toBe('6 used, 154 until the next segment');
    const length = screen.getByRole('spinbutton', { name: 'Maximum length of {{code}}' });
    await user.clear(length);
    await user.type(length, '2.5');
    expect(length.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Enter a whole number, 0 or more.')).toBeTruthy();
    expect(stat(container, 'characters')).toBe('8 used, 152 until the next segment');
  });

  it('prices a country at its rate', async () => {
    const { container } = await setup({ defaultValue: 'Hello', country: 'gb' });
    const expected = expectedCost('Hello', { country: 'GB' });
    expect(money(container, 'you-pay')).toBe('$0.0416');
    expect(money(container, 'sub-account-pays')).toBe(expected['sub-account-pays']);
    expect(screen.getByText(/Rate for United Kingdom/)).toBeTruthy();
  });

  it('says so when a country has no rate, instead of crashing', async () => {
    const user = userEvent.setup();
    const { container } = renderWithRebilling(<SmsSegmentEstimator defaultValue="Hello" country="ZZ" />, {
      providerProps: { locale: 'en-US' },
    });
    await waitFor(() => expect(container.querySelector('.rk-estimator__error')?.textContent).toMatch(/No rate for country "ZZ"/));
    expect(money(container, 'sub-account-pays')).toBeUndefined();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), '!');
    expect(stat(container, 'segments')).toBe('1');
  });

  it('uses a fixed rule from props and hides the choice', async () => {
    const { container } = await setup({ rule: 'carrier', defaultValue: 'Price: 5€' });
    expect(screen.queryByRole('radio')).toBeNull();
    // € is a GSM-7 extension character: it counts 2 under the carrier rule.
    expect(stat(container, 'characters')).toBe('10 used, 150 left in this segment');
  });

  it('shows core’s exact figures for any message, field length and rule (property)', async () => {
    const { container, textarea } = await setup();
    const field = () => screen.queryByRole('spinbutton');
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', '€', '😀', 'é', '{', ' ', 'ñ', '\n'), maxLength: 400 }),
        fc.boolean(),
        fc.nat({ max: 200 }),
        fc.constantFrom<SmsSegmentRule>('flat-160', 'carrier'),
        (body, withField, length, rule) => {
          const text = withField ? `{{name}} ${body}` : body;
          fireEvent.click(screen.getByRole('radio', { name: rule === 'carrier' ? /Carrier rules/ : /160 characters/ }));
          fireEvent.change(textarea, { target: { value: text } });
          const input = field();
          if (input) fireEvent.change(input, { target: { value: String(length) } });
          const expected = expectedCost(text, { rule, fieldLengths: withField ? { name: length } : {} });
          expect(stat(container, 'segments')).toBe(expected.segments.toLocaleString('en-US'));
          expect(money(container, 'sub-account-pays')).toBe(expected['sub-account-pays']);
          expect(money(container, 'you-pay')).toBe(expected['you-pay']);
          expect(money(container, 'profit')).toBe(expected.profit);
        },
      ),
      { numRuns: 60 },
    );
  }, 30_000);
});
