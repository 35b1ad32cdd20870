import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { dataPolicyAbiHash } from '@licen/contracts'
import type { Address, Hash } from 'viem'
import { z } from 'zod'
import { DeploymentError } from './errors.js'

/** Largest deployments file accepted (a real one is ~300 bytes). */
export const maxDeploymentFileBytes = 64 * 1024

const hash = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected a 32-byte hex string')

const deploymentSchema = z.object({
  chainId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  address: z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 20-byte hex address'),
  blockNumber: z.union([
    z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    z.string().regex(/^(0|[1-9][0-9]{0,19})$/, 'expected a decimal block number'),
  ]),
  transactionHash: hash,
  abiHash: hash.optional(),
})

/** A DataPolicy deployment as `contracts/deployments/<chainId>.json` records it. */
export type Deployment = {
  chainId: number
  address: Address
  blockNumber: bigint
  transactionHash: Hash
  /** keccak256 of the ABI JSON the contract was built with (absent in files written before it existed). */
  abiHash: Hash | undefined
}

/** Validates a parsed deployments file; fails if its ABI hash differs from the ABI this indexer decodes with. */
export function parseDeployment(value: unknown, expectedAbiHash: Hash = dataPolicyAbiHash): Deployment {
  const parsed = deploymentSchema.safeParse(value)
  if (!parsed.success) {
    throw new DeploymentError('Deployments file is malformed', {
      code: 'DEPLOYMENT_FILE_INVALID',
      details: z.prettifyError(parsed.error),
    })
  }
  const { chainId, address, blockNumber, transactionHash, abiHash } = parsed.data
  if (abiHash !== undefined && abiHash.toLowerCase() !== expectedAbiHash.toLowerCase()) {
    throw new DeploymentError('Deployed contract ABI differs from the ABI the indexer decodes with', {
      code: 'DEPLOYMENT_ABI_MISMATCH',
      details: `deployment abiHash ${abiHash}, indexer abiHash ${expectedAbiHash}`,
    })
  }
  return {
    chainId,
    address: address as Address,
    blockNumber: BigInt(blockNumber),
    transactionHash: transactionHash as Hash,
    abiHash: abiHash as Hash | undefined,
  }
}

/** Reads and validates a deployments file (at most `maxDeploymentFileBytes`). */
export function readDeploymentFile(path: string, expectedAbiHash: Hash = dataPolicyAbiHash): Deployment {
  let text: string
  try {
    text = readBounded(path, maxDeploymentFileBytes)
  } catch (error) {
    if (error instanceof DeploymentError) throw error
    throw new DeploymentError('Cannot read the deployments file', {
      code: 'DEPLOYMENT_FILE_UNREADABLE',
      details: `${path}: ${(error as NodeJS.ErrnoException).code ?? 'read failed'}`,
    })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new DeploymentError('Deployments file is not JSON', {
      code: 'DEPLOYMENT_FILE_INVALID',
      details: path,
    })
  }
  return parseDeployment(json, expectedAbiHash)
}

/** Reads a whole file, refusing one larger than `limit` bytes before reading it. */
function readBounded(path: string, limit: number): string {
  const fd = openSync(path, 'r')
  try {
    const { size } = fstatSync(fd)
    if (size > limit) {
      throw new DeploymentError('Deployments file is too large', {
        code: 'DEPLOYMENT_FILE_INVALID',
        details: `${path} has ${size} bytes, at most ${limit} allowed`,
      })
    }
    const buffer = Buffer.alloc(size)
    let offset = 0
    while (offset < size) {
      const read = readSync(fd, buffer, offset, size - offset, offset)
      if (read === 0) break
      offset += read
    }
    return buffer.subarray(0, offset).toString('utf8')
  } finally {
    closeSync(fd)
  }
}
