import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  DEV_APP_COMPOSE,
  DEV_ORCHESTRATOR_APP_COMPOSE,
  startDevTeeAgent,
} from '@licen/attestation-policy/dev-tee'
import { describe, expect, test } from 'vitest'
import { compressedPublicKey, devnetReleaseKey } from './releaseKey.js'

/** The key an orchestrator dev TEE agent (fresh state dir, so a fresh random instance id) derives at `path`. */
async function agentKey(appCompose: string, path: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'licen-devnet-key-'))
  const agent = await startDevTeeAgent({ port: 0, stateDir: dir, appCompose })
  try {
    const response = await fetch(`${agent.url}/GetKey`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path, purpose: 'licen-release' }),
    })
    const { key } = (await response.json()) as { key: string }
    return compressedPublicKey(`0x${key}`)
  } finally {
    await agent.close()
    await rm(dir, { recursive: true, force: true })
  }
}

describe('devnetReleaseKey', () => {
  test('default: frozen v1 and v2 of the orchestrator dev TEE', () => {
    expect(devnetReleaseKey(1).publicKey).toBe(
      '0x03f82c28dd26f95bc0ad0216e1dd0373dcdbdd8111238d37c033511fd5ed95f5bd',
    )
    expect(devnetReleaseKey(2).publicKey).toBe(
      '0x033f08def68475d8ef1bc78829fd8d140365487b7377e7b5fc688546d4ed4bf40e',
    )
    expect(compressedPublicKey(devnetReleaseKey(1).privateKey)).toBe(devnetReleaseKey(1).publicKey)
  })

  test('behavior: restart-safe — every orchestrator dev TEE (any state dir) derives the same keys; the provider app others', async () => {
    const first = await agentKey(DEV_ORCHESTRATOR_APP_COMPOSE, 'licen/release-key/v1')
    const restarted = await agentKey(DEV_ORCHESTRATOR_APP_COMPOSE, 'licen/release-key/v1')
    expect([first, restarted]).toEqual([devnetReleaseKey(1).publicKey, devnetReleaseKey(1).publicKey])
    expect(await agentKey(DEV_ORCHESTRATOR_APP_COMPOSE, 'licen/release-key/v2')).toBe(
      devnetReleaseKey(2).publicKey,
    )
    expect(await agentKey(DEV_APP_COMPOSE, 'licen/release-key/v1')).not.toBe(devnetReleaseKey(1).publicKey)
  }, 60_000)
})
