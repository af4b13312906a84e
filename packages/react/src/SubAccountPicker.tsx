/**
 * The panel's "Prices for" picker and the sub-account list it reads: loaded with the panel. The
 * scope that shows a chosen sub-account's prices (SubAccountScope) is a chunk of its own, loaded
 * once the adapter lists sub-accounts, since an owner who never picks one needs none of it.
 */
import { type RebillingAdapter, type SubAccountOverrides, parseSubAccountOverridesPage } from '@rebill-kit/core';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useMessages, useRebillingContext } from './context.js';
import { hostText } from './host-text.js';
import { overridesMessages } from './messages.js';

/** Sub-accounts the picker lists at most (pages of 200). */
const MAX_PAGES = 10;

export type Overrides = Required<Pick<RebillingAdapter, 'listOverrides' | 'saveOverride' | 'removeOverride'>>;

/** Whether the adapter serves per-sub-account overrides (all three methods). */
export function hasOverrides(adapter: RebillingAdapter): adapter is RebillingAdapter & Overrides {
  return typeof adapter.listOverrides === 'function' && typeof adapter.saveOverride === 'function' && typeof adapter.removeOverride === 'function';
}

/** Every sub-account, in the backend's order (by name, then id). */
export async function listAll(adapter: Overrides, signal?: AbortSignal): Promise<SubAccountOverrides[]> {
  const all: SubAccountOverrides[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = parseSubAccountOverridesPage(await adapter.listOverrides(cursor === undefined ? { limit: 200 } : { cursor, limit: 200 }, { signal }));
    all.push(...result.subAccounts);
    if (result.nextCursor === null) break;
    cursor = result.nextCursor;
  }
  return all;
}

/** The sub-accounts for the picker, or nothing when the adapter has no overrides. */
export function useSubAccounts() {
  const { adapter, queryClient, sync } = useRebillingContext();
  const enabled = hasOverrides(adapter);
  return useQuery(
    {
      queryKey: sync.keys.overrides,
      queryFn: ({ signal }) => listAll(adapter as Overrides, signal),
      enabled,
    },
    queryClient,
  );
}

export interface SubAccountPickerProps {
  /** The chosen sub-account id; `null` for the account-wide prices ("All sub-accounts"). */
  value: string | null;
  onValueChange(subAccountId: string | null): void;
}

/**
 * A labelled native `<select>`: every keyboard and screen reader knows it. "All sub-accounts"
 * first, then the sub-accounts by name. Renders nothing when the adapter has no overrides.
 */
export function SubAccountPicker({ value, onValueChange }: SubAccountPickerProps) {
  const { adapter } = useRebillingContext();
  const messages = useMessages(overridesMessages);
  const subAccounts = useSubAccounts();
  const id = useId();
  if (!hasOverrides(adapter)) return null;
  return (
    <div className="rk-field rk-subaccount-picker" data-state={subAccounts.isError ? 'error' : subAccounts.isPending ? 'loading' : 'ready'}>
      <label className="rk-label" htmlFor={id}>
        {messages.overridesPickerLabel}
      </label>
      <select
        id={id}
        className="rk-input rk-select"
        value={value ?? ''}
        disabled={subAccounts.isPending}
        onChange={(event) => onValueChange(event.currentTarget.value === '' ? null : event.currentTarget.value)}
      >
        <option value="">{messages.overridesAllSubAccounts}</option>
        {subAccounts.data?.map((subAccount) => (
          <option key={subAccount.subAccountId} value={subAccount.subAccountId}>
            {hostText(subAccount.name)}
          </option>
        ))}
      </select>
      {subAccounts.isError ? (
        <span className="rk-message" role="alert" data-tone="danger">
          {messages.overridesLoadFailed}{' '}
          <button type="button" className="rk-button" onClick={() => void subAccounts.refetch()}>
            {messages.retry}
          </button>
        </span>
      ) : null}
    </div>
  );
}

