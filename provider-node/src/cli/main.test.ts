import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { computeCodeHash } from '../identity/computeCodeHash.js'

const main = fileURLToPath(new URL('./main.ts', import.meta.url))
const repository = fileURLToPath(new URL('../../../', import.meta.url))

function run(args: string[], env: Record<string, string> = {}) {
  const { PATH, HOME } = process.env
  return spawnSync(process.execPath, ['--import', 'tsx', main, ...args], {
    encoding: 'utf8',
    env: { PATH: PATH ?? '', HOME: HOME ?? '', ...env },
    timeout: 60_000,
  })
}

describe('licen-provider', () => {
  test('default', async () => {
    const out = run(['code-hash'])
    expect(out.status).toBe(0)
    expect(out.stdout.trim()).toBe((await computeCodeHash({ root: repository })).codeHash)
  })

  test('error: missing configuration exits 1 naming the variables, not their values', () => {
    const out = run([], { LICEN_RPC_URL: 'http://user:hunter2@127.0.0.1:1' })
    expect(out.status).toBe(1)
    expect(out.stderr).toContain(
      'licen-provider: CONFIG_INVALID: The provider node configuration is invalid.',
    )
    expect(out.stderr).toContain('LICEN_CHAIN_ID')
    expect(out.stderr).not.toContain('hunter2')
  })

  test('error: unreachable chain exits 1 without the RPC URL', () => {
    const out = run(['--chain-id', '31337', '--provider-id', '1', '--data-policy', `0x${'11'.repeat(20)}`], {
      LICEN_RPC_URL: 'http://user:hunter2@127.0.0.1:1',
      LICEN_STORAGE_URL: 'http://127.0.0.1:1',
    })
    expect(out.status).toBe(1)
    expect(out.stderr).toContain('licen-provider: CHAIN_UNAVAILABLE')
    expect(out.stderr).not.toContain('hunter2')
  })
})
