import { activityId, activityRow } from './activity.js'
import {
  onAttestationPolicySet,
  onEip712DomainChanged,
  onOrchestratorSet,
  onOwnershipTransferred,
  onOwnershipTransferStarted,
  onProtocolFeeSet,
} from './admin.js'
import { onWithdrawn } from './credits.js'
import {
  onDatasetActiveSet,
  onDatasetCommitted,
  onDatasetOwnerReplaced,
  onDatasetRegistered,
  onManifestUpdated,
  onPolicyUpdated,
} from './datasets.js'
import { onAccessGranted, onJobCompleted, onJobFailed, onJobReclaimed, onJobStarted } from './jobs.js'
import { onProviderActiveSet, onProviderRegistered, onProviderUpdated } from './providers.js'
import { onReleaseKeyRegistered, onReleaseKeyRetired, onReleaseKeyRevoked } from './releaseKeys.js'
import type { DataPolicyEvent, DataPolicyEventName, EventHandler, Store } from './types.js'

/** The handler of every DataPolicy event; the ABI's event list is the key set, so a new event fails typecheck. */
export const eventHandlers: { [name in DataPolicyEventName]: EventHandler<name> } = {
  AccessGranted: onAccessGranted,
  AttestationPolicySet: onAttestationPolicySet,
  DatasetActiveSet: onDatasetActiveSet,
  DatasetCommitted: onDatasetCommitted,
  DatasetOwnerReplaced: onDatasetOwnerReplaced,
  DatasetRegistered: onDatasetRegistered,
  EIP712DomainChanged: onEip712DomainChanged,
  JobCompleted: onJobCompleted,
  JobFailed: onJobFailed,
  JobReclaimed: onJobReclaimed,
  JobStarted: onJobStarted,
  ManifestUpdated: onManifestUpdated,
  OrchestratorSet: onOrchestratorSet,
  OwnershipTransferStarted: onOwnershipTransferStarted,
  OwnershipTransferred: onOwnershipTransferred,
  PolicyUpdated: onPolicyUpdated,
  ProtocolFeeSet: onProtocolFeeSet,
  ProviderActiveSet: onProviderActiveSet,
  ProviderRegistered: onProviderRegistered,
  ProviderUpdated: onProviderUpdated,
  ReleaseKeyRegistered: onReleaseKeyRegistered,
  ReleaseKeyRetired: onReleaseKeyRetired,
  ReleaseKeyRevoked: onReleaseKeyRevoked,
  Withdrawn: onWithdrawn,
}

/** Names of every DataPolicy event the indexer handles. */
export const eventNames = Object.keys(eventHandlers) as DataPolicyEventName[]

/**
 * Applies one event to the store, at most once: the event's activity row marks it applied, so applying the
 * same event again changes nothing and returns false. Reads only the event and the store (no clock, no RPC).
 */
export async function applyEvent(store: Store, event: DataPolicyEvent): Promise<boolean> {
  if ((await store.find('activityEvent', activityId(event.meta))) !== null) return false
  const handler = eventHandlers[event.name] as EventHandler<DataPolicyEventName>
  const subject = await handler(store, event)
  await store.insert('activityEvent', activityRow(event, subject))
  return true
}
