import { deployFakeFlow, startFakeZerogNetwork } from '@licen/sdk/zerog-fake'
import { type AnvilChain, startAnvilChain } from '@licen/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CliIo } from '../io.js'
import { runCli } from '../runCli.js'

let anvil: AnvilChain
let flow: `0x${string}`
let net: Awaited<ReturnType<typeof startFakeZerogNetwork>>

beforeAll(async () => {
  anvil = await startAnvilChain()
  flow = await deployFakeFlow(anvil.wallet(0), anvil.publicClient, 1_000_000_000n)
  net = await startFakeZerogNetwork({ publicClient: anvil.publicClient, flowAddress: flow })
}, 60_000)
afterAll(async () => {
  await net?.close()
  await anvil?.stop()
})

async function cli(...argv: string[]) {
  let stdout = ''
  const io: CliIo = {
    cwd: process.cwd(),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: () => {}, isTTY: false },
  }
  const code = await runCli(argv, io)
  return { code, stdout }
}

describe('licen storage check', () => {
  test('default: every pre-flight step against the fake 0G network', async () => {
    const { code, stdout } = await cli(
      'storage',
      'check',
      '--network',
      'galileo',
      '--rpc',
      anvil.rpcUrl,
      '--indexer',
      net.indexerUrl,
      '--flow',
      flow,
      '--chain-id',
      '31337',
      '--replicas',
      '2',
    )
    expect(code).toBe(0)
    expect(stdout).toBe(
      [
        'ok   chain   chain id 31337',
        'ok   market  price per sector 1000000000 wei',
        'ok   submit  submit of a 1-byte file with fee 1000000000 wei does not revert',
        'ok   indexer 2 trusted nodes',
        'ok   nodes   2 selected nodes answer and name the pinned Flow (2 over plain http: browsers on https pages need a gateway)',
        '0G galileo passed the pre-flight (it confirms: chain id (older documents say 16601), Flow address)',
        '',
      ].join('\n'),
    )
  })

  test('error: the preset chain id against another chain fails with each step printed', async () => {
    const { code, stdout } = await cli(
      'storage',
      'check',
      '--json',
      '--network',
      'galileo',
      '--rpc',
      anvil.rpcUrl,
      '--indexer',
      net.indexerUrl,
      '--flow',
      flow,
    )
    expect(code).toBe(1)
    expect(JSON.parse(stdout)).toEqual({
      ok: false,
      error: {
        code: 'STORAGE_ZEROG_FAILED',
        message: 'The 0G pre-flight of galileo failed.',
        details: 'chain: chain id 31337, expected 16602',
      },
    })
    expect((await cli('storage', 'check', '--network', 'devnet')).code).toBe(2)
  })
})
