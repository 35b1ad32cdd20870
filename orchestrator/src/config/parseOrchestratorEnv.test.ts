import { thrown } from '@licen/errors/testing'
import { describe, expect, test } from 'vitest'
import { providerLimitsSchema } from './orchestratorConfig.js'
import { parseOrchestratorEnv } from './parseOrchestratorEnv.js'

const key = `0x${'ab'.repeat(32)}`
const base = {
  LICEN_RPC_URL: 'http://127.0.0.1:8545',
  LICEN_CHAIN_ID: '31337',
  LICEN_DATA_POLICY: `0x${'11'.repeat(20)}`,
  LICEN_ORCHESTRATOR_KEY: key,
  LICEN_RELEASE_KEY_SOURCE: 'env',
  LICEN_RELEASE_KEY: `0x${'cd'.repeat(32)}`,
  LICEN_STORAGE_URL: 'http://127.0.0.1:4001',
  LICEN_PCCS_URL: 'http://127.0.0.1:8090',
  LICEN_POLICY_FILES: 'a.json, b.json',
}

describe('parseOrchestratorEnv', () => {
  test('default', () => {
    const settings = parseOrchestratorEnv({
      ...base,
      LICEN_PROVIDER_GRACE_SECONDS: '60',
      LICEN_ORCHESTRATOR_FAULT_KILL_AT: 'startJob:effect:7',
    })
    expect(settings).toEqual({
      config: {
        chain: { rpcUrl: 'http://127.0.0.1:8545', chainId: 31337, dataPolicy: base.LICEN_DATA_POLICY },
        wallet: { privateKey: key },
        releaseKey: { source: 'env', privateKey: base.LICEN_RELEASE_KEY },
        storage: { kind: 'local', url: 'http://127.0.0.1:4001' },
        attestation: { pccsUrl: 'http://127.0.0.1:8090', defaultPolicyHash: undefined },
        database: { dataDir: '.data/orchestrator' },
        http: { host: '127.0.0.1', port: 4100 },
        providers: {},
        timing: { providerGraceSeconds: 60 },
      },
      policyFiles: ['a.json', 'b.json'],
      deploymentFile: undefined,
      logLevel: 'info',
      faultKillAt: { step: 'startJob', phase: 'effect', jobId: 7n },
    })
  })

  test('args: LICEN_STORAGE_UPLOAD_TOKEN goes with the local storage node (#17 item 2)', () => {
    const token = 'a-test-token-0123456789'
    expect(parseOrchestratorEnv({ ...base, LICEN_STORAGE_UPLOAD_TOKEN: token }).config.storage).toEqual({
      kind: 'local',
      url: 'http://127.0.0.1:4001',
      uploadToken: token,
    })
  })

  test('args: per-provider limit and circuit breaker (#20 item 5); schema defaults 8, 5, 30 s, 900 s', () => {
    const settings = parseOrchestratorEnv({
      ...base,
      LICEN_MAX_JOBS_PER_PROVIDER: '3',
      LICEN_PROVIDER_BREAKER_FAILURES: '4',
      LICEN_PROVIDER_BREAKER_SECONDS: '10',
      LICEN_PROVIDER_BREAKER_MAX_SECONDS: '120',
    })
    expect(settings.config.providers).toEqual({
      maxJobsInFlight: 3,
      breakerFailures: 4,
      breakerCoolDownSeconds: 10,
      breakerMaxCoolDownSeconds: 120,
    })
    expect(providerLimitsSchema.parse({})).toEqual({
      maxJobsInFlight: 8,
      breakerFailures: 5,
      breakerCoolDownSeconds: 30,
      breakerMaxCoolDownSeconds: 900,
    })
    expect(providerLimitsSchema.safeParse({ maxJobsInFlight: 0 }).success).toBe(false)
  })

  test('behavior: dstack key, Postgres, indexer, deployment file', () => {
    const { LICEN_RELEASE_KEY: _, LICEN_CHAIN_ID: __, LICEN_DATA_POLICY: ___, ...rest } = base
    const settings = parseOrchestratorEnv({
      ...rest,
      LICEN_RELEASE_KEY_SOURCE: 'dstack',
      DATABASE_URL: 'postgresql://u@h/db',
      LICEN_INDEXER_URL: 'http://127.0.0.1:42069/graphql',
      LICEN_DEPLOYMENT_FILE: 'deployments/31337.json',
    })
    expect(settings.config).toMatchObject({
      releaseKey: { source: 'dstack' },
      database: { url: 'postgresql://u@h/db' },
      indexer: { graphqlUrl: 'http://127.0.0.1:42069/graphql' },
    })
    expect(settings.deploymentFile).toBe('deployments/31337.json')
  })

  test('behavior: dstack release key versions (rotation) and the registration deadline', () => {
    const { LICEN_RELEASE_KEY: _, ...rest } = base
    const settings = parseOrchestratorEnv({
      ...rest,
      LICEN_RELEASE_KEY_SOURCE: 'dstack',
      LICEN_DSTACK_ENDPOINT: 'http://127.0.0.1:8091',
      LICEN_RELEASE_KEY_VERSIONS: '1,2',
      LICEN_RELEASE_KEY_REGISTRATION_SECONDS: '120',
    })
    expect(settings.config.releaseKey).toEqual({
      source: 'dstack',
      endpoint: 'http://127.0.0.1:8091',
      versions: [1, 2],
    })
    expect(settings.config.timing).toEqual({ releaseKeyRegistrationSeconds: 120 })
    expect(() => parseOrchestratorEnv({ ...base, LICEN_RELEASE_KEY_VERSIONS: '2' })).toThrowError(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        details: 'LICEN_RELEASE_KEY_VERSIONS needs LICEN_RELEASE_KEY_SOURCE=dstack',
      }),
    )
    expect(() =>
      parseOrchestratorEnv({
        ...rest,
        LICEN_RELEASE_KEY_SOURCE: 'dstack',
        LICEN_RELEASE_KEY_VERSIONS: '0,v2',
      }),
    ).toThrowError(
      expect.objectContaining({
        details: 'LICEN_RELEASE_KEY_VERSIONS: comma-separated versions (1-65535), at most 16',
      }),
    )
  })

  test('error: problems are named together, values never echoed', () => {
    const { LICEN_RELEASE_KEY: _, LICEN_STORAGE_URL: __, ...rest } = base
    const error = thrown(() =>
      parseOrchestratorEnv({
        ...rest,
        DATABASE_URL: 'postgresql://secret@h/db',
        LICEN_ORCHESTRATOR_DATA_DIR: '/d',
      }),
    )
    expect(error.code).toBe('CONFIG_INVALID')
    expect(error.details).toBe(
      'LICEN_RELEASE_KEY is required with LICEN_RELEASE_KEY_SOURCE=env; set LICEN_STORAGE_URL, or LICEN_ZG_INDEXER_URL, LICEN_ZG_EVM_RPC_URL and LICEN_ZG_FLOW_ADDRESS; set DATABASE_URL or LICEN_ORCHESTRATOR_DATA_DIR, not both',
    )
    expect(() => parseOrchestratorEnv({ ...base, LICEN_ORCHESTRATOR_KEY: 'nope' })).toThrowError(
      expect.objectContaining({ details: 'LICEN_ORCHESTRATOR_KEY: 32-byte 0x-hex' }),
    )
    expect(() =>
      parseOrchestratorEnv({ ...base, LICEN_ORCHESTRATOR_FAULT_KILL_AT: 'anywhere' }),
    ).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }))
  })
})
