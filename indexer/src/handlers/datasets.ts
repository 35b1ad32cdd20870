import { changeProtocol, lower, registered, requireAbsent, requireRow, stamped } from './rows.js'
import type { DataPolicyEventArgs, EventHandler, EventMeta, Rows, Store } from './types.js'

type Policy = DataPolicyEventArgs<'DatasetRegistered'>['policy']

/** The policy terms as table columns. */
function policyColumns(policy: Policy) {
  return {
    royaltyPerEpoch: policy.royaltyPerEpoch,
    maxEpochsPerJob: policy.maxEpochsPerJob,
    maxActiveJobsPerRequester: policy.maxActiveJobsPerRequester,
    sessionTtl: BigInt(policy.sessionTtl),
    expiry: BigInt(policy.expiry),
    allowedPurposes: BigInt(policy.allowedPurposes),
    attestationPolicy: lower(policy.attestationPolicy),
  }
}

/** Records version `version` of a dataset's policy in the policy history. */
async function insertPolicyVersion(
  store: Store,
  datasetRoot: Rows['dataset']['id'],
  version: number,
  owner: Rows['dataset']['owner'],
  manifestHash: Rows['dataset']['manifestHash'],
  policy: Policy,
  meta: EventMeta,
): Promise<void> {
  await store.insert('policyVersion', {
    id: `${datasetRoot}:${version}`,
    datasetRoot,
    version,
    owner,
    manifestHash,
    ...policyColumns(policy),
    createdAt: meta.timestamp,
    createdBlock: meta.blockNumber,
    createdTx: lower(meta.txHash),
  })
}

/** DatasetRegistered: a new dataset with policy version 1. */
export const onDatasetRegistered: EventHandler<'DatasetRegistered'> = async (store, { args, meta }) => {
  const id = lower(args.datasetRoot)
  await requireAbsent(store, 'dataset', id, 'DatasetRegistered')
  const owner = lower(args.owner)
  await store.insert('dataset', {
    id,
    owner,
    manifestHash: lower(args.manifestHash),
    active: true,
    policyVersion: 1,
    ...policyColumns(args.policy),
    royaltyEarned: 0n,
    ...registered(meta),
  })
  await insertPolicyVersion(store, id, 1, owner, lower(args.manifestHash), args.policy, meta)
  await changeProtocol(store, meta, (row) => ({ datasetCount: row.datasetCount + 1 }))
  return { datasetRoot: id, account: owner }
}

/** PolicyUpdated: the dataset's current policy becomes `version`, under the current manifest. */
export const onPolicyUpdated: EventHandler<'PolicyUpdated'> = async (store, { args, meta }) => {
  const dataset = await requireRow(store, 'dataset', lower(args.datasetRoot), 'PolicyUpdated')
  await store.update('dataset', {
    ...dataset,
    policyVersion: args.version,
    ...policyColumns(args.policy),
    ...stamped(meta),
  })
  await insertPolicyVersion(
    store,
    dataset.id,
    args.version,
    dataset.owner,
    dataset.manifestHash,
    args.policy,
    meta,
  )
  return { datasetRoot: dataset.id, account: dataset.owner }
}

/** DatasetActiveSet: the dataset is listed again or delisted. */
export const onDatasetActiveSet: EventHandler<'DatasetActiveSet'> = async (store, { args, meta }) => {
  const dataset = await requireRow(store, 'dataset', lower(args.datasetRoot), 'DatasetActiveSet')
  await store.update('dataset', {
    ...dataset,
    active: args.active,
    ...stamped(meta),
  })
  return { datasetRoot: dataset.id, account: dataset.owner }
}

/** DatasetCommitted: a registration commitment; it changes no row (its activity row records it). */
export const onDatasetCommitted: EventHandler<'DatasetCommitted'> = async () => ({})

/**
 * DatasetOwnerReplaced: an owner with an earlier commitment took the dataset back from an account that registered
 * a copy first; the row gets the new owner, manifest and policy version (listed again), the old versions stay.
 */
export const onDatasetOwnerReplaced: EventHandler<'DatasetOwnerReplaced'> = async (store, { args, meta }) => {
  const dataset = await requireRow(store, 'dataset', lower(args.datasetRoot), 'DatasetOwnerReplaced')
  const owner = lower(args.owner)
  await store.update('dataset', {
    ...dataset,
    owner,
    manifestHash: lower(args.manifestHash),
    active: true,
    policyVersion: args.policyVersion,
    ...policyColumns(args.policy),
    ...stamped(meta),
  })
  await insertPolicyVersion(
    store,
    dataset.id,
    args.policyVersion,
    owner,
    lower(args.manifestHash),
    args.policy,
    meta,
  )
  return { datasetRoot: dataset.id, account: owner }
}

/**
 * ManifestUpdated: jobs granted from `policyVersion` on use the new manifest. The `PolicyUpdated` before it in the
 * same transaction opened that version under the old manifest; both rows now name the new one.
 */
export const onManifestUpdated: EventHandler<'ManifestUpdated'> = async (store, { args, meta }) => {
  const dataset = await requireRow(store, 'dataset', lower(args.datasetRoot), 'ManifestUpdated')
  const manifestHash = lower(args.manifestHash)
  const version = await requireRow(
    store,
    'policyVersion',
    `${dataset.id}:${args.policyVersion}`,
    'ManifestUpdated',
  )
  await store.update('policyVersion', { ...version, manifestHash })
  await store.update('dataset', { ...dataset, manifestHash, ...stamped(meta) })
  return { datasetRoot: dataset.id, account: dataset.owner }
}
