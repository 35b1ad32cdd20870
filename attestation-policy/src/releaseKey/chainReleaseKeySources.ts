import {
  dataPolicyAbi,
  decodeDataPolicyError,
  policyRoleName,
  RELEASE_KEY_STATUSES,
  type StorageAdapter,
  zgRoot,
} from '@licen/sdk'
import { readBounded } from '@licen/sdk/http'
import type { Address, Chain, Client, Hex, Transport } from 'viem'
import { getLogs, readContract } from 'viem/actions'
import { BaseError } from '../errors.js'
import { readPolicyFromDir, readPolicyFromUri } from '../policy/readPolicyFile.js'
import { MAX_RELEASE_KEY_EVIDENCE_BYTES } from './releaseKeyEvidence.js'
import type { ReleaseKeyRecord, ReleaseKeySources } from './verifyReleaseKey.js'

export type ChainReleaseKeySourcesParameters = {
  /** A viem client for the chain DataPolicy lives on. */
  client: Client<Transport, Chain | undefined>
  /** The chain id the RPC serves (the caller checks it; the quote must bind it). */
  chainId: number
  dataPolicy: Address
  /** First block to search for `AttestationPolicySet` (the deployment block). */
  fromBlock?: bigint | undefined
  /** Where the evidence lives (an sdk storage adapter: local node or 0G). */
  storage: Pick<StorageAdapter, 'has' | 'download'>
  /** Policy files from a folder (Node); without one, the file at the URI the chain publishes for the hash. */
  policyDir?: string | undefined
  /** Per-read timeout of storage and policy reads (default 15 s). */
  timeoutMs?: number | undefined
}

/**
 * The sources `verifyReleaseKey` reads, wired to the real places: `getReleaseKey` / `currentReleaseKey`,
 * `isAttestationPolicyAllowed` and `attestationPolicyRole` on chain (the policy's URI from its latest
 * `AttestationPolicySet`), the evidence object in storage by its root (bounded), the 0G root of those bytes
 * (@licen/sdk), and the policy file from a folder or its URI.
 */
export function createChainReleaseKeySources(
  parameters: ChainReleaseKeySourcesParameters,
): ReleaseKeySources {
  const { client, dataPolicy: address } = parameters
  const timeoutMs = parameters.timeoutMs ?? 15_000
  const record = (
    keyId: number,
    key: { publicKey: Hex; evidenceRef: Hex; policyHash: Hex; status: number },
  ) =>
    ({
      keyId,
      publicKey: key.publicKey,
      evidenceRef: key.evidenceRef,
      policyHash: key.policyHash,
      status: RELEASE_KEY_STATUSES[key.status] ?? 'None',
    }) satisfies ReleaseKeyRecord
  return {
    chainId: parameters.chainId,
    dataPolicy: address,
    async readReleaseKey(keyId) {
      try {
        if (keyId !== 'current') {
          const key = await readContract(client, {
            address,
            abi: dataPolicyAbi,
            functionName: 'getReleaseKey',
            args: [keyId],
          })
          return key.status === 0 ? undefined : record(keyId, key)
        }
        const [id, key] = await readContract(client, {
          address,
          abi: dataPolicyAbi,
          functionName: 'currentReleaseKey',
        })
        return record(id, key)
      } catch (error) {
        const decoded = decodeDataPolicyError(error)
        if (decoded.errorName === 'DataPolicy__NoActiveReleaseKey') return undefined
        throw decoded
      }
    },
    async readPolicyRecord(policyHash) {
      const [allowed, role, logs] = await Promise.all([
        readContract(client, {
          address,
          abi: dataPolicyAbi,
          functionName: 'isAttestationPolicyAllowed',
          args: [policyHash],
        }),
        readContract(client, {
          address,
          abi: dataPolicyAbi,
          functionName: 'attestationPolicyRole',
          args: [policyHash],
        }),
        getLogs(client, {
          address,
          event: dataPolicyAbi.find(
            (item): item is Extract<(typeof dataPolicyAbi)[number], { name: 'AttestationPolicySet' }> =>
              item.type === 'event' && item.name === 'AttestationPolicySet',
          )!,
          args: { policyHash },
          fromBlock: parameters.fromBlock ?? 0n,
          toBlock: 'latest',
          strict: true,
        }),
      ])
      return { allowed, role: policyRoleName(role), uri: logs.at(-1)?.args.uri }
    },
    async readEvidence(evidenceRef) {
      const signal = AbortSignal.timeout(timeoutMs)
      if (!(await parameters.storage.has(evidenceRef, { signal }))) return undefined
      return readBounded(await parameters.storage.download(evidenceRef, { signal }), {
        maxBytes: MAX_RELEASE_KEY_EVIDENCE_BYTES,
        signal,
      })
    },
    storageRoot: async (bytes) => (await zgRoot(bytes, { workers: 0 })).root,
    async readPolicy(policyHash, uri) {
      if (parameters.policyDir) return readPolicyFromDir(parameters.policyDir, policyHash)
      if (!uri)
        throw new BaseError('The chain publishes no URI for the policy.', {
          code: 'JOB_POLICY_NOT_FOUND',
          details: policyHash,
        })
      return readPolicyFromUri(uri, policyHash, timeoutMs)
    },
  }
}
