import { describe, expect, test } from 'vitest'
import { parseProviderEnvironment } from './parseProviderEnvironment.js'
import { parseProviderNodeOptions } from './parseProviderNodeOptions.js'

const env = {
  LICEN_RPC_URL: 'http://127.0.0.1:8545',
  LICEN_CHAIN_ID: '31337',
  LICEN_DATA_POLICY: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  LICEN_PROVIDER_ID: '1',
  LICEN_STORAGE_URL: 'http://127.0.0.1:4001',
}

describe('parseProviderEnvironment', () => {
  test('default', () => {
    expect(parseProviderEnvironment(env, [])).toEqual({
      options: {
        host: undefined,
        port: undefined,
        rpcUrl: 'http://127.0.0.1:8545',
        chainId: 31337,
        dataPolicy: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
        providerId: 1,
        dstackEndpoint: '/var/run/dstack.sock',
        limits: {},
      },
      storageUrl: 'http://127.0.0.1:4001',
      logLevel: 'info',
      trainer: { kind: 'embedded' },
      baseModel: undefined,
      hyperparameters: undefined,
    })
  })

  test('args: LICEN_STORAGE_UPLOAD_TOKEN is the storage upload token (#17 item 2)', () => {
    const token = 'a-test-token-0123456789'
    expect(
      parseProviderEnvironment({ ...env, LICEN_STORAGE_UPLOAD_TOKEN: token }, []).storageUploadToken,
    ).toBe(token)
    expect(() => parseProviderEnvironment({ ...env, LICEN_STORAGE_UPLOAD_TOKEN: 'short' }, [])).toThrow(
      'LICEN_STORAGE_UPLOAD_TOKEN',
    )
  })

  test('behavior: flags override variables; the simulator endpoint is a fallback', () => {
    const config = parseProviderEnvironment({ ...env, DSTACK_SIMULATOR_ENDPOINT: 'http://127.0.0.1:9' }, [
      '--port',
      '8080',
      '--max-concurrent-jobs=2',
      '--provider-id',
      '3',
    ])
    expect(config.options.port).toBe(8080)
    expect(config.options.providerId).toBe(3)
    expect(config.options.limits).toEqual({ maxConcurrentJobs: 2 })
    expect(config.options.dstackEndpoint).toBe('http://127.0.0.1:9')
    expect(parseProviderNodeOptions(config.options).limits.maxQueuedJobs).toBe(8)
  })

  test('args: pending caps per requester and per dataset, from variables or flags; defaults 8 and 16', () => {
    const config = parseProviderEnvironment({ ...env, LICEN_PROVIDER_MAX_PENDING_PER_REQUESTER: '3' }, [
      '--max-pending-per-dataset',
      '5',
    ])
    expect(config.options.limits).toEqual({ maxPendingPerRequester: 3, maxPendingPerDataset: 5 })
    const { limits } = parseProviderNodeOptions(parseProviderEnvironment(env, []).options)
    expect([limits.maxPendingJobs, limits.maxPendingPerRequester, limits.maxPendingPerDataset]).toEqual([
      64, 8, 16,
    ])
  })

  test('behavior: external trainer with its base model and hyperparameters', () => {
    const config = parseProviderEnvironment(
      {
        ...env,
        LICEN_TRAINER: 'external',
        LICEN_TRAINER_COMMAND: '/usr/bin/python3',
        LICEN_TRAINER_ARGS: '["python/licen_train.py"]',
        LICEN_TRAINER_WORK_DIR: '/run/licen',
        LICEN_BASE_MODEL_ID: 'Qwen/Qwen2.5-0.5B',
        LICEN_BASE_MODEL_PATH: '/models/qwen',
        LICEN_BASE_MODEL_SHA256: `0x${'ab'.repeat(32)}`,
        LICEN_HYPERPARAMETERS: '{"learningRate":0.0002}',
      },
      [],
    )
    expect([config.trainer, config.baseModel, config.hyperparameters]).toEqual([
      {
        kind: 'external',
        command: '/usr/bin/python3',
        args: ['python/licen_train.py'],
        workDir: '/run/licen',
        tokenizer: undefined,
      },
      {
        id: 'Qwen/Qwen2.5-0.5B',
        path: '/models/qwen',
        sha256: `0x${'ab'.repeat(32)}`,
        configSha256: undefined,
      },
      { learningRate: 0.0002 },
    ])
  })

  test.each([
    ['external without command', { LICEN_TRAINER: 'external', LICEN_TRAINER_WORK_DIR: '/run' }],
    [
      'external without base model',
      { LICEN_TRAINER: 'external', LICEN_TRAINER_COMMAND: 'x', LICEN_TRAINER_WORK_DIR: '/run' },
    ],
    ['base model id without path', { LICEN_BASE_MODEL_ID: 'm' }],
    ['args not a string array', { LICEN_TRAINER_ARGS: '[1]' }],
    ['hyperparameters not an object', { LICEN_HYPERPARAMETERS: '[]' }],
    ['hyperparameters not JSON', { LICEN_HYPERPARAMETERS: '{' }],
  ])('error: %s', (_, extra) => {
    expect(() => parseProviderEnvironment({ ...env, ...extra }, [])).toThrowError(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    )
  })

  test('error: missing variable', () => {
    const { LICEN_RPC_URL: _, ...rest } = env
    expect(() => parseProviderEnvironment(rest, [])).toThrowError(
      expect.objectContaining({ code: 'CONFIG_INVALID', details: expect.stringContaining('LICEN_RPC_URL') }),
    )
  })

  test('error: unknown flag and flag without value', () => {
    expect(() => parseProviderEnvironment(env, ['--nope', '1'])).toThrowError(
      expect.objectContaining({ code: 'CONFIG_INVALID', details: 'unknown flag --nope' }),
    )
    expect(() => parseProviderEnvironment(env, ['--port'])).toThrowError(
      expect.objectContaining({ code: 'CONFIG_INVALID', details: 'flag --port needs a value' }),
    )
  })
})

describe('parseProviderNodeOptions', () => {
  test('error: bad address and provider id, without echoing values', () => {
    const options = parseProviderEnvironment(env, []).options
    try {
      parseProviderNodeOptions({ ...options, dataPolicy: '0xsecret', providerId: 0 })
      expect.unreachable()
    } catch (error) {
      const { code, details } = error as { code: string; details: string }
      expect(code).toBe('CONFIG_INVALID')
      expect(details).toContain('dataPolicy')
      expect(details).toContain('providerId')
      expect(details).not.toContain('0xsecret')
    }
  })
})
