// Release-key and attestation-policy reads against a real contract on anvil: every status, the current key as
// keys are retired and revoked, and the stable codes of the reverts.
import { type DataPolicyChain, startDataPolicyChain } from '@licen/testing'
import { type Hex, keccak256, stringToHex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { policyRoleValue } from './policyRole.js'
import { readAttestationPolicy } from './readAttestationPolicy.js'
import { readCurrentReleaseKey, readReleaseKey } from './readReleaseKey.js'
import { writeDataPolicy } from './writeDataPolicy.js'

const fast = { pollingIntervalMs: 20, timeoutMs: 10_000 }
const providerPolicy = keccak256(stringToHex('provider policy'))
const orchestratorPolicy = keccak256(stringToHex('orchestrator policy'))
const evidence = (n: number) => keccak256(stringToHex(`evidence ${n}`))
/** secp256k1 2·G, 3·G (compressed). */
const keyA: Hex = '0x02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5'
const keyB: Hex = '0x02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9'

let chain: DataPolicyChain
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: { code?: string }) => error.code,
  )

async function admin(functionName: string, args: readonly unknown[]) {
  await writeDataPolicy(chain.wallet(0), {
    address: chain.dataPolicy,
    functionName,
    args,
    ...fast,
  } as never)
}

beforeAll(async () => {
  chain = await startDataPolicyChain()
}, 60_000)

afterAll(async () => {
  await chain?.stop()
})

describe('release-key reads', () => {
  test('default: no key yet, then keys through every status', async () => {
    const client = chain.wallet(1)
    const address = chain.dataPolicy
    expect(await codeOf(readCurrentReleaseKey(client, { address }))).toBe('DATA_POLICY_NO_ACTIVE_RELEASE_KEY')
    expect(await codeOf(readReleaseKey(client, { address, keyId: 1 }))).toBe(
      'DATA_POLICY_UNKNOWN_RELEASE_KEY',
    )

    await admin('setAttestationPolicy', [providerPolicy, true, 'ipfs://provider', policyRoleValue.provider])
    await admin('setAttestationPolicy', [
      orchestratorPolicy,
      true,
      'ipfs://orchestrator',
      policyRoleValue.orchestrator,
    ])
    expect(await readAttestationPolicy(client, { address, policyHash: orchestratorPolicy })).toEqual({
      policyHash: orchestratorPolicy,
      allowed: true,
      role: 'orchestrator',
    })
    expect(await readAttestationPolicy(client, { address, policyHash: providerPolicy })).toEqual({
      policyHash: providerPolicy,
      allowed: true,
      role: 'provider',
    })
    expect(await readAttestationPolicy(client, { address, policyHash: evidence(9) })).toEqual({
      policyHash: evidence(9),
      allowed: false,
      role: undefined,
    })

    await admin('registerReleaseKey', [keyA, evidence(1), orchestratorPolicy])
    const registeredAt = await chain.publicClient.getBlockNumber()
    await admin('registerReleaseKey', [keyB, evidence(2), orchestratorPolicy])
    const first = {
      keyId: 1,
      publicKey: keyA,
      evidenceRef: evidence(1),
      policyHash: orchestratorPolicy,
      status: 'Active',
      registeredAt,
    }
    expect(await readReleaseKey(client, { address, keyId: 1 })).toEqual(first)
    expect(await readCurrentReleaseKey(client, { address })).toEqual({
      keyId: 2,
      publicKey: keyB,
      evidenceRef: evidence(2),
      policyHash: orchestratorPolicy,
      status: 'Active',
      registeredAt: registeredAt + 1n,
    })

    await admin('retireReleaseKey', [2])
    expect((await readReleaseKey(client, { address, keyId: 2 })).status).toBe('Retired')
    expect(await readCurrentReleaseKey(client, { address })).toEqual(first)
    await admin('revokeReleaseKey', [1])
    expect((await readReleaseKey(client, { address, keyId: 1 })).status).toBe('Revoked')
    expect(await codeOf(readCurrentReleaseKey(client, { address }))).toBe('DATA_POLICY_NO_ACTIVE_RELEASE_KEY')

    // Disallowing keeps the role; a read at an earlier block sees the policy still allowed.
    const before = await chain.publicClient.getBlockNumber()
    await admin('setAttestationPolicy', [orchestratorPolicy, false, '', policyRoleValue.orchestrator])
    expect(await readAttestationPolicy(client, { address, policyHash: orchestratorPolicy })).toMatchObject({
      allowed: false,
      role: 'orchestrator',
    })
    expect(
      await readAttestationPolicy(client, { address, policyHash: orchestratorPolicy, blockNumber: before }),
    ).toMatchObject({ allowed: true, role: 'orchestrator' })
  })

  test('error: the registry refuses bad keys, provider policies and role changes with stable codes', async () => {
    const policyHash = keccak256(stringToHex('orchestrator policy 2'))
    await admin('setAttestationPolicy', [policyHash, true, 'ipfs://o2', policyRoleValue.orchestrator])
    const attempt = (functionName: string, args: readonly unknown[]) => codeOf(admin(functionName, args))
    expect(await attempt('registerReleaseKey', [`0x04${keyA.slice(4)}`, evidence(3), policyHash])).toBe(
      'DATA_POLICY_INVALID_RELEASE_KEY',
    )
    expect(await attempt('registerReleaseKey', [keyA.slice(0, 66), evidence(3), policyHash])).toBe(
      'DATA_POLICY_INVALID_RELEASE_KEY',
    )
    expect(
      await attempt('registerReleaseKey', [
        keyA,
        '0x0000000000000000000000000000000000000000000000000000000000000000',
        policyHash,
      ]),
    ).toBe('DATA_POLICY_ZERO_HASH')
    expect(await attempt('registerReleaseKey', [keyA, evidence(3), providerPolicy])).toBe(
      'DATA_POLICY_ATTESTATION_POLICY_WRONG_ROLE',
    )
    expect(await attempt('registerReleaseKey', [keyA, evidence(3), policyHash])).toBe(
      'DATA_POLICY_RELEASE_KEY_EXISTS',
    )
    expect(await attempt('setAttestationPolicy', [policyHash, true, '', policyRoleValue.provider])).toBe(
      'DATA_POLICY_INVALID_POLICY_ROLE',
    )
    expect(await attempt('retireReleaseKey', [1])).toBe('DATA_POLICY_INVALID_RELEASE_KEY_STATUS')
    expect(await attempt('revokeReleaseKey', [7])).toBe('DATA_POLICY_UNKNOWN_RELEASE_KEY')
  })
})
