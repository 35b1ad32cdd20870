import { open } from 'node:fs/promises'
import { type AttestationPolicy, parsePolicyJson, policyHash } from '@licen/attestation-policy'
import { dataPolicyAbi, policyRoleValue, readAttestationPolicy } from '@licen/sdk'
import type { Hex } from 'viem'
import { ACCOUNT_USAGE, accountOptions, readAccount } from '../account.js'
import { CliError } from '../CliError.js'
import type { Command } from '../command.js'
import { resolvePath } from '../files.js'
import { CHAIN_USAGE, chainOptions, type Network, readNetwork } from '../network.js'
import { readPublishedUrl } from '../publishedUrl.js'
import { readTimeout, SEND_USAGE, sendDataPolicy, sendOptions } from '../sendDataPolicy.js'

const USAGE = [
  `licen policy register <policy.json> --uri <url> ${ACCOUNT_USAGE} ${CHAIN_USAGE} ${SEND_USAGE} [--json]`,
  `       licen policy revoke <policyHash> [--uri <url>] ${ACCOUNT_USAGE} ${CHAIN_USAGE} ${SEND_USAGE} [--json]`,
].join('\n')

const DEVNET_CHAIN_ID = 31337
const MAX_URI_BYTES = 512
const HASH = /^0x[0-9a-fA-F]{64}$/
// parsePolicyJson refuses text over 65,536 characters; a UTF-8 character is at most 4 bytes, so reading this many
// bytes is enough for it to see an oversized file as oversized.
const MAX_READ_BYTES = 4 * 65_536 + 4

/** Reads and validates a policy file with the library every verifier uses (refusals are its `POLICY_INVALID`). */
async function readPolicyFile(cwd: string, path: string): Promise<AttestationPolicy> {
  const file = resolvePath(cwd, path)
  let text: string
  try {
    const handle = await open(file, 'r')
    try {
      const buffer = Buffer.alloc(MAX_READ_BYTES)
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
      text = buffer.subarray(0, bytesRead).toString('utf8')
    } finally {
      await handle.close()
    }
  } catch (cause) {
    throw new CliError('Cannot read the policy file.', {
      code: 'CLI_INPUT_UNREADABLE',
      details: `${file}: ${(cause as Error).message}`,
    })
  }
  return parsePolicyJson(text)
}

/** The URI the policy was last set with: the chain keeps it in `AttestationPolicySet` events only. */
async function lastPolicyUri(network: Network, hash: Hex): Promise<string> {
  try {
    const events = await network.client.getContractEvents({
      address: network.contract,
      abi: dataPolicyAbi,
      eventName: 'AttestationPolicySet',
      args: { policyHash: hash },
      fromBlock: network.fromBlock,
      strict: true,
    })
    return events.at(-1)?.args.uri ?? ''
  } catch (cause) {
    throw new CliError("Cannot read the policy's URI from the chain's events.", {
      code: 'CLI_INPUT_UNREADABLE',
      details:
        'pass --uri <url> (the URI it was allowed with), or --deployment for the first block to search',
      cause,
    })
  }
}

/**
 * `licen policy register|revoke`: the contract owner allows an attestation policy file (its hash and role, as the
 * orchestrator and providers compute them) with the URI where it is published, or disallows a hash.
 */
export const policyCommand: Command = {
  name: 'policy',
  summary: 'Allow an attestation policy file on chain, or revoke a hash (contract owner)',
  usage: USAGE,
  options: { ...chainOptions, ...accountOptions, ...sendOptions, uri: { type: 'string' } },
  async run({ io, values, positionals }) {
    const [action, target, ...rest] = positionals
    if ((action !== 'register' && action !== 'revoke') || target === undefined || rest.length > 0)
      throw new CliError('policy takes register <policy.json> or revoke <policyHash>.', {
        code: 'CLI_USAGE',
        details: USAGE,
      })
    const timeoutMs = readTimeout(values)
    if (action === 'register') {
      const policy = await readPolicyFile(io.cwd, target)
      const hash = policyHash(policy)
      const network = await readNetwork(io.cwd, values)
      const uri = readPublishedUrl(values.uri, 'uri', network.chainId, MAX_URI_BYTES)
      // Its quotes are forgeable by anyone (the dev PKI seed is public): a public chain must never allow it.
      if (policy.trustAnchor.kind === 'dev-mock' && network.chainId !== DEVNET_CHAIN_ID)
        throw new CliError('A development (dev-mock) policy is for the local devnet only.', {
          code: 'CLI_DEV_POLICY_OFF_DEVNET',
          details: `${policy.name} on chain ${network.chainId}`,
        })
      const account = await readAccount(io.cwd, values, network.chainId)
      const { hash: transactionHash } = await sendDataPolicy(
        network,
        account,
        {
          functionName: 'setAttestationPolicy',
          args: [hash, true, uri, policyRoleValue[policy.role]],
        },
        timeoutMs,
      )
      return {
        action,
        policyHash: hash,
        name: policy.name,
        version: policy.version,
        role: policy.role,
        allowed: true,
        uri,
        transactionHash,
      }
    }
    if (!HASH.test(target))
      throw new CliError('policy revoke takes a policy hash (0x + 64 hex digits).', { code: 'CLI_USAGE' })
    const hash = target.toLowerCase() as Hex
    const network = await readNetwork(io.cwd, values)
    const uri =
      values.uri === undefined
        ? undefined
        : readPublishedUrl(values.uri, 'uri', network.chainId, MAX_URI_BYTES)
    const account = await readAccount(io.cwd, values, network.chainId)
    const current = await readAttestationPolicy(network.client, {
      address: network.contract,
      policyHash: hash,
    })
    if (current.role === undefined)
      throw new CliError('The chain has never set this attestation policy.', {
        code: 'CLI_POLICY_UNKNOWN',
        details: hash,
      })
    // The role is fixed on chain and the URI lives in events only: keep both as the chain has them.
    const keptUri = uri ?? (await lastPolicyUri(network, hash))
    const { hash: transactionHash } = await sendDataPolicy(
      network,
      account,
      { functionName: 'setAttestationPolicy', args: [hash, false, keptUri, policyRoleValue[current.role]] },
      timeoutMs,
    )
    return {
      action,
      policyHash: hash,
      role: current.role,
      allowed: false,
      wasAllowed: current.allowed,
      uri: keptUri,
      transactionHash,
    }
  },
  format: (r) =>
    r.action === 'register'
      ? `attestation policy ${r.name} v${r.version} (${r.role}) ${r.policyHash} allowed, published at ${r.uri} (tx ${r.transactionHash})`
      : `attestation policy ${r.policyHash} (${r.role}) revoked${r.wasAllowed ? '' : ' (it was not allowed)'} (tx ${r.transactionHash})`,
}
