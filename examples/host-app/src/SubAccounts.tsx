/**
 * The host's Sub-accounts page: three sub-accounts spend from their OneBalance wallets (SMS,
 * email) and buy add-ons on their cards, each through the server's `chargeUsage` /
 * `purchaseAddon`. What a sub-account would see in its own dashboard is shown in its card.
 */
import { type AddonPurchaseStatus, formatUnitPrice } from '@rebill-kit/core';
import { countSmsSegments } from '@rebill-kit/react';
import { type FormEvent, useId, useRef, useState } from 'react';
import { type AddonProduct, type Overview, type SimulationResult, type SubAccountView, type UsageOutcome, api } from './api.ts';

/** A wallet balance exactly as held, fractions of a cent included. */
export const formatExact = (amount: string, currency: string) => formatUnitPrice(amount, { locale: 'en-US', currency });

const ADDON_LABELS: Record<AddonProduct, string> = { phoneNumbers: 'Phone number', listings: 'Listing' };
/** What the sub-account sees: once it has paid, a declined owner charge is "pending", not failed. */
const ADDON_STATUS: Record<AddonPurchaseStatus, string> = {
  idle: 'not started',
  'charging-sub-account': 'charging your card…',
  'charging-owner': 'activating…',
  'awaiting-owner-payment': 'paid, pending activation (waiting for the administrator)',
  active: 'active',
  declined: 'your card was declined; nothing was charged',
  refunding: 'refunding…',
  refunded: 'refunded: it could not be activated',
};

interface PageProps {
  overview: Overview | null;
  refresh: () => Promise<void>;
}

export function SubAccountsPage({ overview, refresh }: PageProps) {
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!overview) return <p className="demo-note">Loading sub-accounts…</p>;
  const money = (amount: string) => formatExact(amount, overview.currency);

  /** Runs one owner action; its outcome (or error) is the status line. */
  const run = async (pending: string, action: () => Promise<string>) => {
    setBusy(true);
    setMessage(pending);
    try {
      setMessage(await action());
    } catch (error) {
      setMessage(`That failed: ${(error as Error).message}`);
    } finally {
      setBusy(false);
      await refresh();
    }
  };
  const simulateDay = () =>
    run('Simulating a day of usage…', async () => {
      const result = await api<SimulationResult>('/api/simulate-day', { idempotencyKey: crypto.randomUUID() });
      return (
        `${result.events.toLocaleString('en-US')} usage events in ${(result.ms / 1000).toFixed(1)} s: ${result.charged.toLocaleString('en-US')} charged, ` +
        `${result.subAccountShort} refused for the sub-account's funds, ${result.mainAccountShort} for the main wallet's.`
      );
    });

  return (
    <div className="demo-subaccounts">
      <section className="demo-card demo-owner" aria-label="Owner">
        <p>
          Profit from usage so far <strong data-testid="usage-profit">{money(overview.usageProfit)}</strong>
        </p>
        <div className="demo-row">
          <button type="button" className="demo-button" disabled={busy} onClick={simulateDay}>
            Simulate a day
          </button>
          <button
            type="button"
            className="demo-button"
            disabled={busy}
            onClick={() =>
              run('Adding funds…', async () => {
                await api('/api/main/funds', { amount: '100', idempotencyKey: crypto.randomUUID() });
                return 'Added $100 to the main wallet.';
              })
            }
          >
            Add $100 to the main wallet
          </button>
          {overview.testPayments ? (
            <button
              type="button"
              className="demo-button"
              disabled={busy}
              onClick={() =>
                run('Scripting the test gateway…', async () => {
                  await api('/api/demo/decline-owner-charge', {});
                  return "The test gateway will decline the owner's next card charge.";
                })
              }
            >
              Decline the owner's next card charge
            </button>
          ) : null}
        </div>
        {message ? <p role="status">{message}</p> : null}
        {overview.notifications.length > 0 ? (
          <div className="demo-notifications">
            <h2>Notifications for the owner</h2>
            <ul>
              {overview.notifications.map((notification) => (
                <li key={notification.id}>{notification.message}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>
      <div className="demo-grid">
        {overview.subAccounts.map((subAccount) => (
          <SubAccountCard
            key={subAccount.id}
            subAccount={subAccount}
            overview={overview}
            money={money}
            refresh={refresh}
          />
        ))}
      </div>
    </div>
  );
}

type Notice =
  | { tone: 'ok'; text: string }
  | { tone: 'add-funds'; text: string }
  | { tone: 'contact-admin'; text: string }
  | { tone: 'error'; text: string };

function SubAccountCard({
  subAccount,
  overview,
  money,
  refresh,
}: {
  subAccount: SubAccountView;
  overview: Overview;
  money: (amount: string) => string;
  refresh: () => Promise<void>;
}) {
  const [text, setText] = useState('Your appointment is confirmed for tomorrow at 10:00. Reply C to cancel.');
  const [recipients, setRecipients] = useState('1');
  const [funds, setFunds] = useState('10');
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const fundsInput = useRef<HTMLInputElement>(null);
  const id = useId();
  const segments = countSmsSegments(text);
  const path = `/api/sub-accounts/${subAccount.id}`;
  const addons = overview.addons.filter((addon) => addon.subAccountId === subAccount.id);

  const act = async (action: () => Promise<Notice>) => {
    setBusy(true);
    try {
      setNotice(await action());
    } catch (error) {
      setNotice({ tone: 'error', text: (error as Error).message });
    } finally {
      setBusy(false);
      await refresh();
    }
  };
  const sendUsage = (kind: 'sms' | 'email') => (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const body = { recipients: Number(recipients), idempotencyKey: crypto.randomUUID(), ...(kind === 'sms' ? { text } : {}) };
      return describeOutcome(kind, await api<UsageOutcome>(`${path}/${kind}`, body), money);
    });
  };

  return (
    <article className="demo-card" data-sub-account={subAccount.id} aria-labelledby={`${id}-name`}>
      <header className="demo-card-header">
        <h2 id={`${id}-name`}>{subAccount.name}</h2>
        <p>
          Wallet <strong data-testid="sub-balance">{money(subAccount.balance)}</strong>
        </p>
      </header>

      <form onSubmit={sendUsage('sms')} className="demo-form">
        <label htmlFor={`${id}-text`}>SMS</label>
        <textarea id={`${id}-text`} value={text} rows={3} onChange={(event) => setText(event.target.value)} />
        <p className="demo-hint" data-testid="segments" aria-live="polite">
          {segments.length} characters · {segments.segments} {segments.segments === 1 ? 'segment' : 'segments'} ({segments.encoding})
        </p>
        <div className="demo-row">
          <label>
            Recipients{' '}
            <input
              type="number"
              min={1}
              max={500}
              value={recipients}
              onChange={(event) => setRecipients(event.target.value)}
              className="demo-number"
            />
          </label>
          <button type="submit" className="demo-button" disabled={busy}>
            Send SMS
          </button>
          <button type="button" className="demo-button" disabled={busy} onClick={sendUsage('email')}>
            Send email
          </button>
        </div>
      </form>

      <div className="demo-row">
        {(Object.keys(ADDON_LABELS) as AddonProduct[]).map((product) => (
          <button
            key={product}
            type="button"
            className="demo-button"
            disabled={busy}
            onClick={() =>
              void act(async () => {
                const addon = await api<{ status: AddonPurchaseStatus }>(`${path}/addons`, { product, idempotencyKey: crypto.randomUUID() });
                return { tone: 'ok', text: `${ADDON_LABELS[product]}: ${ADDON_STATUS[addon.status]}.` };
              })
            }
          >
            Buy a {ADDON_LABELS[product].toLowerCase()}
          </button>
        ))}
      </div>
      {addons.length > 0 ? (
        <ul className="demo-addons" aria-label="Add-ons">
          {addons.map((addon) => (
            <li key={addon.id} data-status={addon.status}>
              {ADDON_LABELS[addon.product]}: {ADDON_STATUS[addon.status]}
              {addon.status === 'awaiting-owner-payment' ? (
                <button
                  type="button"
                  className="demo-link"
                  disabled={busy}
                  onClick={() =>
                    void act(async () => {
                      const retried = await api<{ status: AddonPurchaseStatus }>(`/api/addons/${addon.id}/retry`, {});
                      return { tone: 'ok', text: `Owner's charge retried: ${ADDON_STATUS[retried.status]}.` };
                    })
                  }
                >
                  Retry the owner's charge
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}

      <form
        className="demo-row"
        onSubmit={(event) => {
          event.preventDefault();
          void act(async () => {
            await api(`${path}/funds`, { amount: funds, idempotencyKey: crypto.randomUUID() });
            return { tone: 'ok', text: `Added ${money(funds)} to the wallet.` };
          });
        }}
      >
        <label>
          Amount{' '}
          <input ref={fundsInput} value={funds} inputMode="decimal" onChange={(event) => setFunds(event.target.value)} className="demo-number" />
        </label>
        <button type="submit" className="demo-button" disabled={busy}>
          Add funds
        </button>
      </form>

      {notice?.tone === 'ok' ? (
        <p role="status" className="demo-hint">
          {notice.text}
        </p>
      ) : notice ? (
        <div role="alert" className="demo-alert" data-reason={notice.tone}>
          <p>{notice.text}</p>
          {notice.tone === 'add-funds' ? (
            <button type="button" className="demo-button" onClick={() => fundsInput.current?.focus()}>
              Add funds
            </button>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}

function describeOutcome(kind: 'sms' | 'email', outcome: UsageOutcome, money: (amount: string) => string): Notice {
  const what = kind === 'sms' ? 'SMS' : 'emails';
  const sent = outcome.sent > 0 ? `${outcome.sent} ${what} sent, then stopped. ` : '';
  switch (outcome.status) {
    case 'charged':
      return {
        tone: 'ok',
        text: `${outcome.sent} ${what} sent (${outcome.quantity} billed units): ${money(outcome.subAccountDebit)} from this wallet.`,
      };
    case 'sub-account-needs-funds':
      return { tone: 'add-funds', text: `${sent}Not enough funds in this wallet: add at least ${money(outcome.shortfall)}.` };
    case 'main-account-needs-funds':
      return { tone: 'contact-admin', text: `${sent}Your wallet has funds, but this can't be sent right now: contact your administrator.` };
  }
}
