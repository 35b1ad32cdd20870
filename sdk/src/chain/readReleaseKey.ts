import { dataPolicyAbi } from '@licen/contracts/abi'
import type { Address, Chain, Client, Hex, Transport } from 'viem'
import { readContract } from 'viem/actions'
import { DataPolicyError } from './DataPolicyError.js'
import { decodeDataPolicyError } from './decodeDataPolicyError.js'
import { RELEASE_KEY_STATUSES, type ReleaseKeyStatusName } from './releaseKeyStatus.js'
import type { ReleaseKey } from './types.js'

/** A registered orchestrator release key as the chain records it. */
export type DataPolicyReleaseKey = {
  keyId: number
  /** 33-byte compressed secp256k1 public key. */
  publicKey: Hex
  /** Storage root of the key's attestation evidence. */
  evidenceRef: Hex
  /** Orchestrator-role attestation policy the evidence must satisfy. */
  policyHash: Hex
  /** Active (seal to it), Retired (no new seals, still releasable) or Revoked (no further releases). */
  status: Exclude<ReleaseKeyStatusName, 'None'>
  /** Block in which the key was registered. */
  registeredAt: bigint
}

function toReleaseKey(keyId: number, key: ReleaseKey): DataPolicyReleaseKey {
  return {
    keyId,
    publicKey: key.publicKey,
    evidenceRef: key.evidenceRef,
    policyHash: key.policyHash,
    status: RELEASE_KEY_STATUSES[key.status] as DataPolicyReleaseKey['status'],
    registeredAt: key.registeredAt,
  }
}

/** Reads release key `keyId`; throws `DATA_POLICY_UNKNOWN_RELEASE_KEY` if none is registered under it. */
export async function readReleaseKey(
  client: Client<Transport, Chain | undefined>,
  parameters: { address: Address; keyId: number },
): Promise<DataPolicyReleaseKey> {
  try {
    const key = await readContract(client, {
      address: parameters.address,
      abi: dataPolicyAbi,
      functionName: 'getReleaseKey',
      args: [parameters.keyId],
    })
    if (key.status === 0 || RELEASE_KEY_STATUSES[key.status] === undefined) {
      throw new DataPolicyError(`No release key is registered as #${parameters.keyId}.`, {
        code: 'DATA_POLICY_UNKNOWN_RELEASE_KEY',
        errorName: 'DataPolicy__UnknownReleaseKey',
        args: [parameters.keyId],
      })
    }
    return toReleaseKey(parameters.keyId, key)
  } catch (error) {
    throw decodeDataPolicyError(error)
  }
}

/**
 * Reads the newest Active release key, the one new datasets are sealed to; throws
 * `DATA_POLICY_NO_ACTIVE_RELEASE_KEY` when none is Active. The key still has to pass `verifyReleaseKey`.
 */
export async function readCurrentReleaseKey(
  client: Client<Transport, Chain | undefined>,
  parameters: { address: Address },
): Promise<DataPolicyReleaseKey & { status: 'Active' }> {
  try {
    const [keyId, key] = await readContract(client, {
      address: parameters.address,
      abi: dataPolicyAbi,
      functionName: 'currentReleaseKey',
    })
    const current = toReleaseKey(keyId, key)
    // The contract returns only Active keys; anything else means the node answered for another contract.
    if (current.status !== 'Active') {
      throw new DataPolicyError('The chain named a current release key that is not active.', {
        code: 'CHAIN_REVERTED',
        details: `key #${keyId} status ${key.status}`,
      })
    }
    return current as DataPolicyReleaseKey & { status: 'Active' }
  } catch (error) {
    throw decodeDataPolicyError(error)
  }
}
