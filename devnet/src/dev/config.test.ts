import { describe, expect, test } from 'vitest'
import { DEFAULT_PORTS, parseDevConfig } from './config.js'

describe('parseDevConfig', () => {
  test('default', () => {
    expect(parseDevConfig([], {}, '/repo')).toEqual({
      dataDir: '/repo/.devnet',
      fresh: false,
      app: true,
      rebuildApp: false,
      containers: false,
      rebuildImages: false,
      ports: DEFAULT_PORTS,
    })
  })

  test('args: flags override the environment, which overrides the defaults', () => {
    const config = parseDevConfig(
      ['--', '--fresh', '--no-app', '--data-dir', 'x', '--anvil-port', '9545', '--app-port', '3000'],
      { LICEN_DEVNET_ANVIL_PORT: '7545', LICEN_DEVNET_STORAGE_PORT: '5001', LICEN_DEVNET_DIR: '/elsewhere' },
      '/repo',
    )
    expect(config).toMatchObject({ dataDir: '/repo/x', fresh: true, app: false })
    expect(config.ports).toEqual({ ...DEFAULT_PORTS, anvil: 9545, storage: 5001, app: 3000 })
    expect(parseDevConfig(['--rebuild-app'], { LICEN_DEVNET_DIR: '/elsewhere' }, '/repo')).toMatchObject({
      dataDir: '/elsewhere',
      rebuildApp: true,
    })
  })

  test.each([
    [['--bogus'], 'unknown argument --bogus'],
    [['--anvil-port'], '--anvil-port needs a value'],
    [
      ['--anvil-port', '70000'],
      'invalid devnet settings: ✖ Too big: expected number to be <=65535\n  → at ports.anvil',
    ],
    [['--app-port', '8545'], 'app and anvil cannot share port 8545'],
    [['--rebuild-images'], '--rebuild-images needs --containers'],
  ])('error: %j', (argv, message) => {
    expect(() => parseDevConfig(argv, {}, '/repo')).toThrow(
      expect.objectContaining({
        code: 'DEVNET_USAGE',
        shortMessage: expect.stringMatching(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)),
      }),
    )
  })

  test('behavior: the orchestrator TEE port has a kebab-case flag and an upper-snake variable', () => {
    expect(parseDevConfig(['--orchestrator-tee-port', '9091'], {}, '/repo').ports.orchestratorTee).toBe(9091)
    expect(
      parseDevConfig([], { LICEN_DEVNET_ORCHESTRATOR_TEE_PORT: '9092' }, '/repo').ports.orchestratorTee,
    ).toBe(9092)
    expect(() => parseDevConfig(['--orchestrator-tee-port', '8090'], {}, '/repo')).toThrow(
      expect.objectContaining({ shortMessage: 'orchestratorTee and tee cannot share port 8090' }),
    )
  })

  test('args: --containers and --rebuild-images', () => {
    expect(parseDevConfig(['--containers'], {}, '/repo')).toMatchObject({
      containers: true,
      rebuildImages: false,
    })
    expect(parseDevConfig(['--containers', '--rebuild-images'], {}, '/repo')).toMatchObject({
      containers: true,
      rebuildImages: true,
    })
  })

  test('behavior: --help is the usage text', () => {
    expect(() => parseDevConfig(['--help'], {}, '/repo')).toThrow(/^usage: pnpm dev \[--fresh\]/)
  })
})
