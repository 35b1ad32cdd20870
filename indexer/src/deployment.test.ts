import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dataPolicyAbiHash } from '@licen/contracts'
import { afterAll, describe, expect, test } from 'vitest'
import { parseDeployment, readDeploymentFile } from './deployment.js'

const record = {
  chainId: 31337,
  address: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  blockNumber: 1,
  transactionHash: '0x0ef882ecc80b4a786fe78af0baa1111281db719e4ffe0de14c8bb242c1b985fd',
  abiHash: dataPolicyAbiHash,
}
const dir = mkdtempSync(join(tmpdir(), 'licen-deployment-'))
const file = (name: string, content: string) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('parseDeployment', () => {
  test('default: a deployments file record', () => {
    expect(parseDeployment(record)).toEqual({ ...record, blockNumber: 1n })
  })

  test('args: block number as a decimal string, abiHash absent', () => {
    const { abiHash: _, ...rest } = record
    expect(parseDeployment({ ...rest, blockNumber: '18446744073709551615' })).toEqual({
      ...rest,
      blockNumber: 18_446_744_073_709_551_615n,
      abiHash: undefined,
    })
  })

  test('error: a different ABI hash fails with DEPLOYMENT_ABI_MISMATCH', () => {
    const abiHash = `0x${'ab'.repeat(32)}`
    expect(() => parseDeployment({ ...record, abiHash })).toThrowError(
      expect.objectContaining({
        code: 'DEPLOYMENT_ABI_MISMATCH',
        details: `deployment abiHash ${abiHash}, indexer abiHash ${dataPolicyAbiHash}`,
      }),
    )
  })

  test('error: malformed fields fail with DEPLOYMENT_FILE_INVALID naming them', () => {
    const bad = { ...record, address: '0x1234', blockNumber: -1, chainId: 0 }
    let error: unknown
    try {
      parseDeployment(bad)
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({ name: 'DeploymentError', code: 'DEPLOYMENT_FILE_INVALID' })
    const details = (error as { details: string }).details
    expect(details).toContain('→ at chainId')
    expect(details).toContain('→ at address')
    expect(details).toContain('→ at blockNumber')
  })

  test('error: a block number with leading zeros or signs is refused', () => {
    for (const blockNumber of ['01', '+1', '1e3', '']) {
      expect(() => parseDeployment({ ...record, blockNumber })).toThrowError(
        expect.objectContaining({ code: 'DEPLOYMENT_FILE_INVALID' }),
      )
    }
  })
})

describe('readDeploymentFile', () => {
  test('default: reads and validates the file', () => {
    expect(readDeploymentFile(file('ok.json', JSON.stringify(record)))).toEqual({
      ...record,
      blockNumber: 1n,
    })
  })

  test('error: a missing file fails with DEPLOYMENT_FILE_UNREADABLE', () => {
    const path = join(dir, 'missing.json')
    expect(() => readDeploymentFile(path)).toThrowError(
      expect.objectContaining({ code: 'DEPLOYMENT_FILE_UNREADABLE', details: `${path}: ENOENT` }),
    )
  })

  test('error: a file that is not JSON fails with DEPLOYMENT_FILE_INVALID', () => {
    const path = file('bad.json', '{"chainId": 31337,')
    expect(() => readDeploymentFile(path)).toThrowError(
      expect.objectContaining({
        code: 'DEPLOYMENT_FILE_INVALID',
        shortMessage: 'Deployments file is not JSON',
      }),
    )
  })

  test('error: a file above 64 KiB is refused before it is read', () => {
    const path = file('big.json', ' '.repeat(64 * 1024 + 1))
    expect(() => readDeploymentFile(path)).toThrowError(
      expect.objectContaining({
        code: 'DEPLOYMENT_FILE_INVALID',
        details: `${path} has 65537 bytes, at most 65536 allowed`,
      }),
    )
  })
})
