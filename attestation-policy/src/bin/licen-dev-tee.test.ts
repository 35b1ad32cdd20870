import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, describe, expect, test } from 'vitest'
import { packageText } from '../../test/fixtures.js'

const bin = new URL('./licen-dev-tee.ts', import.meta.url).pathname
const local = JSON.parse(packageText('policies/local.json'))
const children: ChildProcess[] = []
const dirs: string[] = []

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

function start(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', bin, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  return child
}

describe('licen-dev-tee', () => {
  test('default: starts, prints its URL and identity as JSON, serves Info and stops on SIGTERM', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'licen-dev-tee-bin-'))
    dirs.push(stateDir)
    const child = start(['--port', '0', '--state-dir', stateDir])
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string]
    const started = JSON.parse(line) as { url: string; rootCaSha256: string; composeHash: string }
    expect(started.rootCaSha256).toBe(local.trustAnchor.rootCaSha256)
    expect(started.composeHash).toBe(local.composeHashes[0])
    const info = (await (await fetch(`${started.url}/Info`, { method: 'POST', body: '{}' })).json()) as {
      compose_hash: string
    }
    expect(info.compose_hash).toBe(local.composeHashes[0])
    child.kill('SIGTERM')
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
  })

  test('error: a bad option exits 2 with the usage', async () => {
    const child = start(['--port', 'eighty'])
    let stderr = ''
    child.stderr!.on('data', (chunk) => (stderr += chunk))
    const [code] = await once(child, 'exit')
    expect(code).toBe(2)
    expect(stderr).toMatch(/^invalid options: --port: Invalid input: expected number, received NaN/)
    expect(stderr).toContain('usage: licen-dev-tee --port <n>')
  })
})
