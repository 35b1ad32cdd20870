import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Address, getAddress, type Hash } from 'viem'
import { ContractsError } from './errors.js'

/** `contracts/deployments/`, where deployments are recorded (`<chainId>.json`; 31337 is git-ignored). */
export const defaultDeploymentsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'deployments')

/** A DataPolicy deployment as `deployments/<chainId>.json` records it (the forge deploy script writes the same). */
export type DeploymentRecord = {
  chainId: number
  address: Address
  blockNumber: number
  transactionHash: Hash
  /** keccak256 of the compact ABI JSON the contract was built from (`dataPolicyAbiHash`). */
  abiHash: Hash
}

/** Path of the deployments file for `chainId` in `dir`. */
export function deploymentPath(dir: string, chainId: number): string {
  return join(dir, `${chainId}.json`)
}

/** The file body: keys sorted, two-space indent, no final newline (byte for byte what the forge script writes). */
export function formatDeployment(record: DeploymentRecord): string {
  const sorted = {
    abiHash: record.abiHash,
    address: getAddress(record.address),
    blockNumber: record.blockNumber,
    chainId: record.chainId,
    transactionHash: record.transactionHash,
  }
  return JSON.stringify(sorted, null, 2)
}

/** Writes `<dir>/<chainId>.json` atomically (temp file, then rename) and returns its path. */
export function writeDeployment(dir: string, record: DeploymentRecord): string {
  const path = deploymentPath(dir, record.chainId)
  const temporary = `${path}.${process.pid}.tmp`
  try {
    mkdirSync(dir, { recursive: true })
    writeFileSync(temporary, formatDeployment(record))
    renameSync(temporary, path)
  } catch (error) {
    throw new ContractsError('Cannot write the deployments file', {
      code: 'DEPLOYMENT_WRITE_FAILED',
      details: `${path}: ${(error as NodeJS.ErrnoException).code ?? 'write failed'}`,
      cause: error,
    })
  }
  return path
}
