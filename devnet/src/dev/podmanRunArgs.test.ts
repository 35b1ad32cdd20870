import { describe, expect, test } from 'vitest'
import { podmanRunArgs, programMounts } from './podmanRunArgs.js'

const SECRET = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'

describe('podmanRunArgs', () => {
  test('default', () => {
    expect(
      podmanRunArgs({
        name: 'licen-dev-orchestrator',
        image: 'abc123',
        runtime: '/usr/sbin/runc',
        env: { LICEN_RPC_URL: 'http://127.0.0.1:8545', LICEN_ORCHESTRATOR_KEY: SECRET },
        mounts: [
          { path: '/d/orchestrator/0xabc', mode: 'rw-owned' },
          { path: '/d/deployments', mode: 'ro' },
        ],
      }),
    ).toEqual([
      'run',
      '--rm',
      '--name',
      'licen-dev-orchestrator',
      '--network',
      'host',
      '--runtime',
      '/usr/sbin/runc',
      '-e',
      'LICEN_ORCHESTRATOR_KEY',
      '-e',
      'LICEN_RPC_URL',
      '-v',
      '/d/orchestrator/0xabc:/d/orchestrator/0xabc:U',
      '-v',
      '/d/deployments:/d/deployments:ro',
      'abc123',
    ])
  })

  test('behavior: no value of the environment is in argv (a private key among them)', () => {
    const args = podmanRunArgs({
      name: 'n',
      image: 'i',
      runtime: 'runc',
      env: { LICEN_ORCHESTRATOR_KEY: SECRET, LICEN_LOG_LEVEL: 'info' },
      mounts: [],
    })
    expect(args.filter((arg) => arg.includes(SECRET) || arg.includes('='))).toEqual([])
  })

  test.each([
    [{ env: { 'BAD NAME': 'x' }, mounts: [] }, 'not an environment variable name: BAD NAME'],
    [
      { env: {}, mounts: [{ path: '/a:b', mode: 'ro' as const }] },
      "podman cannot bind a path with ':' or ',': /a:b",
    ],
  ])('error: %j', (input, message) => {
    expect(() => podmanRunArgs({ name: 'n', image: 'i', runtime: 'runc', ...input })).toThrow(message)
  })
})

describe('programMounts', () => {
  test('args: orchestrator', () => {
    expect(
      programMounts('orchestrator', {
        LICEN_ORCHESTRATOR_DATA_DIR: '/d/orchestrator/0xabc',
        LICEN_DEPLOYMENT_FILE: '/d/deployments/31337.json',
        LICEN_POLICY_FILES: '/repo/attestation-policy/policies/local.json, /p/other.json',
        LICEN_RPC_URL: 'http://127.0.0.1:8545',
      }),
    ).toEqual([
      { path: '/d/orchestrator/0xabc', mode: 'rw-owned' },
      { path: '/d/deployments', mode: 'ro' },
      { path: '/repo/attestation-policy/policies/local.json', mode: 'ro' },
      { path: '/p/other.json', mode: 'ro' },
    ])
  })

  test('args: provider-node', () => {
    expect(programMounts('provider-node', { LICEN_RPC_URL: 'http://127.0.0.1:8545' })).toEqual([])
    expect(programMounts('provider-node', { LICEN_TRAINER_WORK_DIR: '/run/licen' })).toEqual([
      { path: '/run/licen', mode: 'rw-owned' },
    ])
  })
})
