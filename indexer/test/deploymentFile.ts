import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type DataPolicyDeployment, dataPolicyAbiHash } from '@licen/contracts'

type Recorded = Pick<DataPolicyDeployment, 'chainId' | 'address' | 'blockNumber' | 'transactionHash'>

/** Writes `<dir>/<chainId>.json` as the contracts package records deployments; returns its path. */
export function writeDeploymentFile(
  dir: string,
  deployment: Recorded,
  overrides: Record<string, unknown> = {},
): string {
  const path = join(dir, `${deployment.chainId}.json`)
  const record = {
    chainId: deployment.chainId,
    address: deployment.address,
    blockNumber: Number(deployment.blockNumber),
    transactionHash: deployment.transactionHash,
    abiHash: dataPolicyAbiHash,
    ...overrides,
  }
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`)
  return path
}
