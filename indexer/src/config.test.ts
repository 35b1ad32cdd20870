import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dataPolicyAbiHash } from '@licen/contracts'
import { thrown } from '@licen/errors/testing'
import { afterAll, describe, expect, test } from 'vitest'
import { parsePonderEnv, parseStartEnv } from './config.js'

const dir = mkdtempSync(join(tmpdir(), 'licen-config-'))
const deploymentFile = join(dir, '31337.json')
writeFileSync(
  deploymentFile,
  JSON.stringify({
    chainId: 31337,
    address: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    blockNumber: 1,
    transactionHash: '0x0ef882ecc80b4a786fe78af0baa1111281db719e4ffe0de14c8bb242c1b985fd',
    abiHash: dataPolicyAbiHash,
  }),
)
const base = { LICEN_DEPLOYMENT_FILE: deploymentFile, LICEN_RPC_URL: 'http://127.0.0.1:8545' }
const secretRpc = 'https://rpc.example/v1/secret-api-key'

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('parsePonderEnv', () => {
  test('default: PGlite in the data directory, Ponder polling default', () => {
    const settings = parsePonderEnv({ ...base, LICEN_INDEXER_DATA_DIR: '/var/lib/licen' })
    expect(settings).toEqual({
      deployment: {
        chainId: 31337,
        address: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
        blockNumber: 1n,
        transactionHash: '0x0ef882ecc80b4a786fe78af0baa1111281db719e4ffe0de14c8bb242c1b985fd',
        abiHash: dataPolicyAbiHash,
      },
      rpcUrl: 'http://127.0.0.1:8545',
      database: { kind: 'pglite', directory: '/var/lib/licen' },
      pollingIntervalMs: 1000,
      getLogsBlockRange: undefined,
    })
  })

  test('args: DATABASE_URL selects Postgres; polling and getLogs range are read', () => {
    const settings = parsePonderEnv({
      ...base,
      DATABASE_URL: 'postgresql://licen@db:5432/licen',
      LICEN_INDEXER_DATA_DIR: '/ignored',
      LICEN_INDEXER_POLLING_MS: '250',
      LICEN_INDEXER_GETLOGS_RANGE: '5000',
    })
    expect(settings.database).toEqual({
      kind: 'postgres',
      connectionString: 'postgresql://licen@db:5432/licen',
    })
    expect(settings.pollingIntervalMs).toBe(250)
    expect(settings.getLogsBlockRange).toBe(5000)
  })

  test('error: no database fails with INVALID_CONFIG naming the variables', () => {
    expect(() => parsePonderEnv(base)).toThrowError(
      expect.objectContaining({
        code: 'INVALID_CONFIG',
        details:
          '✖ set DATABASE_URL (Postgres) or LICEN_INDEXER_DATA_DIR (embedded PGlite)\n  → at LICEN_INDEXER_DATA_DIR',
      }),
    )
  })

  test('error: a non-http RPC URL fails without echoing it', () => {
    const error = thrown(() =>
      parsePonderEnv({
        ...base,
        LICEN_RPC_URL: 'wss://rpc.example/v1/secret-api-key',
        LICEN_INDEXER_DATA_DIR: '/d',
      }),
    )
    expect(error.code).toBe('INVALID_CONFIG')
    expect(error.message).toContain('→ at LICEN_RPC_URL')
    expect(error.message).not.toContain('secret-api-key')
  })

  test('error: a polling interval out of range fails with INVALID_CONFIG', () => {
    expect(() =>
      parsePonderEnv({ ...base, LICEN_INDEXER_DATA_DIR: '/d', LICEN_INDEXER_POLLING_MS: '10' }),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_CONFIG' }))
  })
})

describe('parseStartEnv', () => {
  test('default: PGlite in the default directory on 127.0.0.1:42069', () => {
    expect(parseStartEnv({ ...base, LICEN_RPC_URL: secretRpc }, '/default/pglite')).toEqual({
      deploymentFile,
      rpcUrl: secretRpc,
      databaseUrl: undefined,
      dataDir: '/default/pglite',
      port: 42069,
      hostname: '127.0.0.1',
      pollingIntervalMs: 1000,
      getLogsBlockRange: undefined,
      schema: undefined,
    })
  })

  test('args: Postgres, port, host and schema', () => {
    expect(
      parseStartEnv(
        {
          ...base,
          DATABASE_URL: 'postgres://u:p@db/licen',
          LICEN_INDEXER_PORT: '8080',
          LICEN_INDEXER_HOST: '0.0.0.0',
          LICEN_INDEXER_SCHEMA: 'licen_prod',
        },
        '/default/pglite',
      ),
    ).toMatchObject({
      databaseUrl: 'postgres://u:p@db/licen',
      dataDir: undefined,
      port: 8080,
      hostname: '0.0.0.0',
      schema: 'licen_prod',
    })
  })

  test('error: a schema name Postgres would need quoting for fails with INVALID_CONFIG', () => {
    expect(() => parseStartEnv({ ...base, LICEN_INDEXER_SCHEMA: 'Licen-Prod' }, '/d')).toThrowError(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    )
  })
})
