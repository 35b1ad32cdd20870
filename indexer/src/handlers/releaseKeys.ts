import { type PolicyRoleName, policyRoleName } from '@licen/sdk/chain'
import { InconsistentStateError } from '../errors.js'
import { lower, requireAbsent, requireRow } from './rows.js'
import type { EventHandler, EventMeta } from './types.js'

/** The name of an on-chain policy role; the contract never emits `None`, so any other value is refused. */
export function policyRoleOf(value: number): PolicyRoleName {
  const role = policyRoleName(value)
  if (role === undefined) {
    throw new InconsistentStateError('AttestationPolicySet carries an unknown policy role', {
      code: 'INCONSISTENT_STATE',
      details: `role ${value}`,
    })
  }
  return role
}

/** ReleaseKeyRegistered: a new Active release key; the log's block is the contract's `registeredAt`. */
export const onReleaseKeyRegistered: EventHandler<'ReleaseKeyRegistered'> = async (store, { args, meta }) => {
  const id = BigInt(args.keyId)
  await requireAbsent(store, 'releaseKey', id, 'ReleaseKeyRegistered')
  await store.insert('releaseKey', {
    id,
    publicKey: lower(args.publicKey),
    evidenceRef: lower(args.evidenceRef),
    policyHash: lower(args.policyHash),
    status: 'Active',
    registeredAt: meta.timestamp,
    registeredBlock: meta.blockNumber,
    registeredTx: lower(meta.txHash),
    retiredAt: null,
    retiredBlock: null,
    revokedAt: null,
    revokedBlock: null,
    updatedBlock: meta.blockNumber,
  })
  return {}
}

/** Moves a registered key to `status`, recording when. */
async function setStatus(
  event: 'ReleaseKeyRetired' | 'ReleaseKeyRevoked',
  store: Parameters<EventHandler<'ReleaseKeyRetired'>>[0],
  keyId: number,
  meta: EventMeta,
) {
  const key = await requireRow(store, 'releaseKey', BigInt(keyId), event)
  await store.update(
    'releaseKey',
    event === 'ReleaseKeyRetired'
      ? {
          ...key,
          status: 'Retired',
          retiredAt: meta.timestamp,
          retiredBlock: meta.blockNumber,
          updatedBlock: meta.blockNumber,
        }
      : {
          ...key,
          status: 'Revoked',
          revokedAt: meta.timestamp,
          revokedBlock: meta.blockNumber,
          updatedBlock: meta.blockNumber,
        },
  )
  return {}
}

/** ReleaseKeyRetired: no new seals to the key; datasets sealed to it stay releasable. */
export const onReleaseKeyRetired: EventHandler<'ReleaseKeyRetired'> = (store, { args, meta }) =>
  setStatus('ReleaseKeyRetired', store, args.keyId, meta)

/** ReleaseKeyRevoked: no further releases for datasets sealed to the key. */
export const onReleaseKeyRevoked: EventHandler<'ReleaseKeyRevoked'> = (store, { args, meta }) =>
  setStatus('ReleaseKeyRevoked', store, args.keyId, meta)
