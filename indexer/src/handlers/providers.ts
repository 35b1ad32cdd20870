import { InconsistentStateError } from '../errors.js'
import { changeProtocol, lower, requireRow } from './rows.js'
import type { EventHandler } from './types.js'

/** ProviderRegistered: a new provider, active. */
export const onProviderRegistered: EventHandler<'ProviderRegistered'> = async (store, { args, meta }) => {
  const id = BigInt(args.providerId)
  if ((await store.find('provider', id)) !== null) {
    throw new InconsistentStateError('ProviderRegistered for a provider already indexed', {
      code: 'INCONSISTENT_STATE',
      details: `provider ${id}`,
    })
  }
  const operator = lower(args.operator)
  await store.insert('provider', {
    id,
    operator,
    endpoint: args.endpoint,
    pricePerEpoch: args.pricePerEpoch,
    active: true,
    jobCount: 0,
    openJobCount: 0,
    completedJobCount: 0,
    failedJobCount: 0,
    reclaimedJobCount: 0,
    epochsTrained: 0n,
    earned: 0n,
    registeredAt: meta.timestamp,
    registeredBlock: meta.blockNumber,
    registeredTx: lower(meta.txHash),
    updatedAt: meta.timestamp,
    updatedBlock: meta.blockNumber,
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
    updatedAt: meta.timestamp,
    updatedBlock: meta.blockNumber,
  })
  return { providerId: provider.id, account: provider.operator }
}

/** ProviderActiveSet: the provider is activated or deactivated. */
export const onProviderActiveSet: EventHandler<'ProviderActiveSet'> = async (store, { args, meta }) => {
  const provider = await requireRow(store, 'provider', BigInt(args.providerId), 'ProviderActiveSet')
  await store.update('provider', {
    ...provider,
    active: args.active,
    updatedAt: meta.timestamp,
    updatedBlock: meta.blockNumber,
  })
  return { providerId: provider.id, account: provider.operator }
}
