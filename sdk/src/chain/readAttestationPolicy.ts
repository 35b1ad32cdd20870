import { dataPolicyAbi } from '@licen/contracts/abi'
import type { Address, Chain, Client, Hex, Transport } from 'viem'
import { getBlockNumber, readContract } from 'viem/actions'
import { decodeDataPolicyError } from './decodeDataPolicyError.js'
import { type PolicyRoleName, policyRoleName } from './policyRole.js'

/** An attestation policy hash as the chain records it. */
export type DataPolicyAttestationPolicy = {
  policyHash: Hex
  /** Whether the admin allows the policy now. */
  allowed: boolean
  /** Its role, fixed by the admin's first `setAttestationPolicy`; undefined if the admin never set the hash. */
  role: PolicyRoleName | undefined
}

/** Reads whether an attestation policy is allowed and with which role, both at one block (`blockNumber` or the latest). */
export async function readAttestationPolicy(
  client: Client<Transport, Chain | undefined>,
  parameters: { address: Address; policyHash: Hex; blockNumber?: bigint | undefined },
): Promise<DataPolicyAttestationPolicy> {
  try {
    const blockNumber = parameters.blockNumber ?? (await getBlockNumber(client, { cacheTime: 0 }))
    const [allowed, role] = await Promise.all([
      readContract(client, {
        address: parameters.address,
        abi: dataPolicyAbi,
        functionName: 'isAttestationPolicyAllowed',
        args: [parameters.policyHash],
        blockNumber,
      }),
      readContract(client, {
        address: parameters.address,
        abi: dataPolicyAbi,
        functionName: 'attestationPolicyRole',
        args: [parameters.policyHash],
        blockNumber,
      }),
    ])
    return { policyHash: parameters.policyHash, allowed, role: policyRoleName(role) }
  } catch (error) {
    throw decodeDataPolicyError(error)
  }
}
