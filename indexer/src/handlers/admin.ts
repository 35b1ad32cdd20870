import { policyRoleOf } from './releaseKeys.js'
import { changeProtocol, lower, stamped, zeroAddress } from './rows.js'
import type { EventHandler } from './types.js'

/** AttestationPolicySet: a policy hash of a role is allowed or disallowed; its job count carries over. */
export const onAttestationPolicySet: EventHandler<'AttestationPolicySet'> = async (store, { args, meta }) => {
  const id = lower(args.policyHash)
  const existing = await store.find('attestationPolicyRecord', id)
  const row = {
    id,
    allowed: args.allowed,
    uri: args.uri,
    role: policyRoleOf(args.role),
    jobsStarted: existing?.jobsStarted ?? 0,
    ...stamped(meta),
  }
  if (existing === null) await store.insert('attestationPolicyRecord', row)
  else await store.update('attestationPolicyRecord', row)
  return {}
}

/** OrchestratorSet: an account gains or loses the orchestrator role. */
export const onOrchestratorSet: EventHandler<'OrchestratorSet'> = async (store, { args, meta }) => {
  const id = lower(args.account)
  const row = { id, allowed: args.allowed, ...stamped(meta) }
  if ((await store.find('orchestrator', id)) === null) await store.insert('orchestrator', row)
  else await store.update('orchestrator', row)
  return { account: id }
}

/** ProtocolFeeSet: the fee for jobs granted from now on, and the treasury credited at settlement. */
export const onProtocolFeeSet: EventHandler<'ProtocolFeeSet'> = async (store, { args, meta }) => {
  const treasury = lower(args.treasury)
  await changeProtocol(store, meta, () => ({ feeBps: args.feeBps, treasury }))
  return { account: treasury }
}

/** OwnershipTransferStarted: a new admin was proposed (Ownable2Step). */
export const onOwnershipTransferStarted: EventHandler<'OwnershipTransferStarted'> = async (
  store,
  { args, meta },
) => {
  const pendingOwner = lower(args.newOwner)
  await changeProtocol(store, meta, () => ({ pendingOwner }))
  return { account: pendingOwner }
}

/** OwnershipTransferred: the admin changed; any pending transfer is cleared, as Ownable2Step does. */
export const onOwnershipTransferred: EventHandler<'OwnershipTransferred'> = async (store, { args, meta }) => {
  const owner = lower(args.newOwner)
  await changeProtocol(store, meta, () => ({ owner, pendingOwner: zeroAddress }))
  return { account: owner }
}

/** EIP712DomainChanged: DataPolicy's domain is immutable, so this only enters the activity feed. */
export const onEip712DomainChanged: EventHandler<'EIP712DomainChanged'> = async () => ({})
