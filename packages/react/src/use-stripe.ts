import {
  type CustomerSync,
  type RebillingError,
  type StripeConnectResult,
  type StripeConnection,
  parseStripeConnectResult,
  parseStripeConnection,
  toRebillingError,
} from '@rebill-kit/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRebillingContext } from './context.js';

/** The account-wide Stripe connection, shared by every widget under the provider. */
export function useStripeConnection<T = StripeConnection>(select?: (connection: StripeConnection) => T) {
  const { adapter, queryClient, sync } = useRebillingContext();
  return useQuery(
    {
      queryKey: sync.keys.stripe,
      queryFn: async ({ signal }) => parseStripeConnection(await adapter.loadStripeConnection({ signal })),
      ...(select ? { select } : {}),
    },
    queryClient,
  );
}

/**
 * Connects Stripe with the chosen customer sync. A `connected` answer unlocks every widget at
 * once; a `pending` answer sends the owner to Stripe's onboarding through `onStripeRedirect`.
 */
export function useConnectStripe() {
  const { adapter, queryClient, sync, redirectToStripe } = useRebillingContext();
  return useMutation<StripeConnectResult, RebillingError, CustomerSync>(
    {
      mutationFn: async (syncCustomersAs) => {
        try {
          return parseStripeConnectResult(await adapter.connectStripe({ syncCustomersAs }));
        } catch (error) {
          throw toRebillingError(error);
        }
      },
      onSuccess: (result) => {
        if (result.status === 'connected') {
          queryClient.setQueryData<StripeConnection>(sync.keys.stripe, (previous) => ({ ...previous, status: 'connected' }));
        } else {
          queryClient.setQueryData<StripeConnection>(sync.keys.stripe, { status: 'pending' });
          redirectToStripe(result.redirectUrl);
        }
        void queryClient.invalidateQueries({ queryKey: sync.keys.stripe });
      },
    },
    queryClient,
  );
}
