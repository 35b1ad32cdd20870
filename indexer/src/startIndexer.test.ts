import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Anvil, anvilPrivateKeys, deployDataPolicy, startAnvil } from '@licen/contracts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { writeDeploymentFile } from '../test/deploymentFile.js'
import { startIndexer } from './startIndexer.js'

let anvil: Anvil
let deploymentFile: string
const dir = mkdtempSync(join(tmpdir(), 'licen-start-'))

beforeAll(async () => {
  anvil = await startAnvil()
  const deployment = await deployDataPolicy({ rpcUrl: anvil.rpcUrl, privateKey: anvilPrivateKeys[0] })
  deploymentFile = writeDeploymentFile(dir, deployment)
}, 30_000)

afterAll(async () => {
  await anvil?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('startIndexer', () => {
  test('error: neither or both databases fail with INVALID_CONFIG', async () => {
    const message = 'Give exactly one of dataDir (PGlite) and databaseUrl (Postgres)'
    await expect(startIndexer({ deploymentFile, rpcUrl: anvil.rpcUrl })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      shortMessage: message,
    })
    await expect(
      startIndexer({ deploymentFile, rpcUrl: anvil.rpcUrl, dataDir: dir, databaseUrl: 'postgres://x@y/z' }),
    ).rejects.toMatchObject({ code: 'INVALID_CONFIG', shortMessage: message })
  })

  test('error: a deployment that is not on the chain fails before Ponder starts', async () => {
    const other = writeDeploymentFile(join(dir), {
      chainId: 1,
      address: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      blockNumber: 1n,
      transactionHash: `0x${'ab'.repeat(32)}`,
    })
    await expect(
      startIndexer({ deploymentFile: other, rpcUrl: anvil.rpcUrl, dataDir: dir }),
    ).rejects.toMatchObject({
      code: 'CHAIN_MISMATCH',
    })
  })

  test('error: Ponder exiting during start fails with INDEXER_EXITED and its last log lines', async () => {
    const logs: string[] = []
    const error = await startIndexer({
      deploymentFile,
      rpcUrl: anvil.rpcUrl,
      dataDir: join(dir, 'pglite'),
      schema: 'ponder_sync',
      onLog: (line) => logs.push(line),
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'IndexerProcessError', code: 'INDEXER_EXITED' })
    const details = (error as { details: string }).details
    expect(details).toMatch(/^exit code 1; last log lines:\n/)
    expect(details).toContain('Invalid schema name. "ponder_sync" is a reserved schema name.')
    expect(logs.at(-1)).toBe(details.split('\n').at(-1))
  }, 60_000)
})
