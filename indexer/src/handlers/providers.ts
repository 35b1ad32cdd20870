import { changeProtocol, lower, registered, requireAbsent, requireRow, stamped } from './rows.js'
import type { EventHandler } from './types.js'

/** ProviderRegistered: a new provider, active. */
export const onProviderRegistered: EventHandler<'ProviderRegistered'> = async (store, { args, meta }) => {
  const id = BigInt(args.providerId)
  await requireAbsent(store, 'provider', id, 'ProviderRegistered')
  const operator = lower(args.operator)
  await store.insert('provider', {
    id,
    operator,
    endpoint: args.endpoint,
    pricePerEpoch: args.pricePerEpoch,
    active: true,
    earned: 0n,
    ...registered(meta),
  })
  await changeProtocol(store, meta, (row) => ({ providerCount: row.providerCount + 1 }))
  return { providerId: id, account: operator }
}

/** ProviderUpdated: new endpoint and price (the price applies to jobs granted from now on). */
export const onProviderUpdated: EventHandler<'ProviderUpdated'> = async (store, { args, meta }) => {
  const provider = await requireRow(store, 'provider', BigInt(args.providerId), 'ProviderUpdated')
  await store.update('provider', {
    ...provider,
    endpoint: args.endpoint,
    pricePerEpoch: args.pricePerEpoch,
    ...stamped(meta),
  })
  return { providerId: provider.id, account: provider.operator }
}

/** ProviderActiveSet: the provider is activated or deactivated. */
export const onProviderActiveSet: EventHandler<'ProviderActiveSet'> = async (store, { args, meta }) => {
  const provider = await requireRow(store, 'provider', BigInt(args.providerId), 'ProviderActiveSet')
  await store.update('provider', {
    ...provider,
    active: args.active,
    ...stamped(meta),
  })
  return { providerId: provider.id, account: provider.operator }
}
