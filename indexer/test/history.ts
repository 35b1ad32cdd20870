// A scripted DataPolicy history that emits every event and walks every job transition: attestation policies
// (allowed, revoked), orchestrators (granted, revoked), fee and treasury changes, providers (registered,
// updated, deactivated, reactivated), datasets (registered, policy updated, delisted, relisted), jobs that
// complete (with payouts and with zero epochs), fail (orchestrator-marked from Granted, enclave-signed from
// Running), get reclaimed (from Granted and from Running) or stay open, withdrawals and an admin handover. With
// `squatting`, also registrations by earliest claim: a squatter displaced by the owner's earlier commitment (its
// job failed), and a direct registration displaced by an earlier commitment while its job runs (the royalty stays
// with the owner it was granted under). Also #13's registry: an orchestrator-role policy, a manifest update between
// two jobs on one dataset, and release keys registered, retired and revoked.
import { type Policy, policyRoleValue } from '@licen/sdk'
import { type Address, encodeAbiParameters, type Hex, keccak256, stringToHex, zeroHash } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { type Chainside, reasonCode, signFailureReport, signResultManifest } from './chain.js'

/** Anvil account indexes of the actors. */
export const actors = {
  admin: 0,
  orchestrator: 1,
  ownerA: 2,
  ownerB: 3,
  operator1: 4,
  operator2: 5,
  researcher1: 6,
  researcher2: 7,
  treasury1: 8,
  stranger: 9,
} as const

/** A deterministic 32-byte value for a label. */
export function label(text: string): Hex {
  return keccak256(stringToHex(text))
}

/** A deterministic 33-byte compressed-key-shaped value (the contract checks length and prefix only). */
export function resultKey(text: string): Hex {
  return `0x02${label(text).slice(2)}`
}

/** What the history created, for the tests to enumerate. */
export type History = {
  datasetRoots: Hex[]
  attestationPolicies: Hex[]
  /** Every account that may hold credits or roles. */
  accounts: Address[]
  /** Dataset roots × requesters whose open-job counts the contract reports. */
  requesters: Address[]
}

/** Runs the scripted history against a fresh deployment (`squatting`: with the registration-by-claim scenes). */
export async function runHistory(chain: Chainside, options: { squatting?: boolean } = {}): Promise<History> {
  const { send } = chain
  const address = (index: number) => chain.wallets[index]!.account.address
  const latest = await chain.client.getBlock()
  const farExpiry = Number(latest.timestamp) + 10 * 365 * 24 * 3600

  const [h1, h2, h3] = [
    label('attestation-policy-1'),
    label('attestation-policy-2'),
    label('attestation-policy-3'),
  ]
  const [d1, d2, d3] = [label('dataset-1'), label('dataset-2'), label('dataset-3')]
  const enclave = (n: number) => label(`enclave-key-${n}`)
  const enclaveAddress = (n: number) => privateKeyToAccount(enclave(n)).address

  await send(actors.admin, 'setAttestationPolicy', [
    h1,
    true,
    'ipfs://attestation/policy-1.json',
    policyRoleValue.provider,
  ])
  await send(actors.admin, 'setAttestationPolicy', [
    h2,
    true,
    'ipfs://attestation/policy-2.json',
    policyRoleValue.provider,
  ])
  await send(actors.admin, 'setAttestationPolicy', [
    h3,
    true,
    'ipfs://attestation/policy-3.json',
    policyRoleValue.provider,
  ])
  await send(actors.admin, 'setAttestationPolicy', [
    h3,
    false,
    'ipfs://attestation/policy-3-revoked.json',
    policyRoleValue.provider,
  ])
  await send(actors.admin, 'setOrchestrator', [address(actors.orchestrator), true])
  await send(actors.admin, 'setOrchestrator', [address(actors.stranger), true])
  await send(actors.admin, 'setOrchestrator', [address(actors.stranger), false])
  await send(actors.admin, 'setProtocolFee', [250, address(actors.treasury1)])

  await send(actors.operator1, 'registerProvider', ['https://p1.example', 1_000_000_000_000_000n])
  await send(actors.operator2, 'registerProvider', ['https://p2.example', 2_000_000_000_000_000n])
  await send(actors.operator1, 'updateProvider', [1, 'https://p1.example/v2', 1_500_000_000_000_000n])

  const policy1: Policy = {
    royaltyPerEpoch: 10_000_000_000_000_000n,
    maxEpochsPerJob: 5,
    maxActiveJobsPerRequester: 3,
    sessionTtl: 3_600,
    expiry: farExpiry,
    allowedPurposes: 0b11,
    attestationPolicy: h1,
  }
  await send(actors.ownerA, 'registerDataset', [d1, label('manifest-1'), policy1])
  await send(actors.ownerB, 'registerDataset', [
    d2,
    label('manifest-2'),
    {
      royaltyPerEpoch: 0n,
      maxEpochsPerJob: 4,
      maxActiveJobsPerRequester: 2,
      sessionTtl: 600,
      expiry: 0,
      allowedPurposes: 0b1,
      attestationPolicy: zeroHash,
    },
  ])
  await send(actors.ownerB, 'registerDataset', [
    d3,
    label('manifest-3'),
    {
      royaltyPerEpoch: 30_000_000_000_000_000n,
      maxEpochsPerJob: 1,
      maxActiveJobsPerRequester: 1,
      sessionTtl: 60,
      expiry: 0,
      allowedPurposes: 0xffff_ffff,
      attestationPolicy: zeroHash,
    },
  ])
  const policy1v2: Policy = { ...policy1, royaltyPerEpoch: 20_000_000_000_000_000n, allowedPurposes: 0b111 }
  await send(actors.ownerA, 'updatePolicy', [d1, policy1v2])
  await send(actors.ownerB, 'setDatasetActive', [d3, false])
  const orchestratorPolicy = label('orchestrator-policy')
  await send(actors.admin, 'setAttestationPolicy', [
    orchestratorPolicy,
    true,
    'ipfs://attestation/orchestrator.json',
    policyRoleValue.orchestrator,
  ])

  const royalty = { [d1]: policy1v2.royaltyPerEpoch, [d2]: 0n } as Record<Hex, bigint>
  const price = { 1: 1_500_000_000_000_000n, 2: 2_000_000_000_000_000n } as Record<number, bigint>
  let nextJob = 1n
  const request = async (
    researcher: number,
    root: Hex,
    purpose: number,
    epochs: number,
    providerId: number,
  ): Promise<bigint> => {
    const jobId = nextJob++
    const escrow = (royalty[root]! + price[providerId]!) * BigInt(epochs)
    await send(
      researcher,
      'requestAccess',
      [root, purpose, epochs, providerId, resultKey(`job-${jobId}`)],
      escrow,
    )
    return jobId
  }
  const start = (jobId: bigint, policyHash: Hex) =>
    send(actors.orchestrator, 'startJob', [
      jobId,
      enclaveAddress(Number(jobId)),
      label(`quote-${jobId}`),
      policyHash,
    ])
  const complete = async (jobId: bigint, root: Hex, actualEpochs: number, from: number) => {
    const manifest = {
      jobId,
      datasetRoot: root,
      resultRoot: label(`result-${jobId}`),
      codeHash: label('provider-runtime-1'),
      attestationRef: label(`quote-${jobId}`),
      actualEpochs,
      receiptsHead: actualEpochs === 0 ? zeroHash : label(`receipts-${jobId}`),
    }
    const signature = await signResultManifest(chain, enclave(Number(jobId)), manifest)
    await send(from, 'confirmTrainingComplete', [
      jobId,
      actualEpochs,
      manifest.resultRoot,
      manifest.receiptsHead,
      manifest.codeHash,
      signature,
    ])
  }

  // Job 1 is granted at 250 bps; the fee and treasury then change, and settlement pays the new treasury.
  const job1 = await request(actors.researcher1, d1, 0, 3, 1)
  await send(actors.admin, 'setProtocolFee', [100, address(actors.stranger)])
  await start(job1, h1)
  await complete(job1, d1, 2, actors.stranger)

  // Job 2 fails on a report signed by its enclave key.
  const job2 = await request(actors.researcher2, d2, 0, 2, 2)
  await start(job2, h2)
  const reason2 = reasonCode('OUT_OF_MEMORY')
  const failure = await signFailureReport(chain, enclave(Number(job2)), { jobId: job2, reason: reason2 })
  await send(actors.operator2, 'reportJobFailure', [job2, reason2, failure])

  // Job 3 is failed by the orchestrator before it starts.
  const job3 = await request(actors.researcher1, d1, 1, 1, 2)
  await send(actors.orchestrator, 'markJobFailed', [job3, reasonCode('ATTESTATION_REJECTED')])

  // Jobs 4 (Running) and 5 (Granted) pass their deadlines and are reclaimed by a stranger.
  const job4 = await request(actors.researcher2, d1, 2, 2, 1)
  await start(job4, h1)
  const job5 = await request(actors.researcher1, d2, 0, 1, 1)
  await chain.rpc('evm_increaseTime', [3_601])
  await send(actors.stranger, 'reclaim', [job4])
  await send(actors.stranger, 'reclaim', [job5])

  // Job 6 stays Granted, job 7 stays Running, job 8 completes with zero epochs (full refund). Between jobs 6 and
  // 7, ownerB replaces d2's manifest: job 6 keeps version 1 (manifest-2), job 7 gets version 2 (manifest-2b).
  await request(actors.researcher1, d2, 0, 1, 1)
  await send(actors.ownerB, 'updateManifest', [d2, label('manifest-2b')])
  const job7 = await request(actors.researcher2, d2, 0, 1, 2)
  await start(job7, h2)
  const job8 = await request(actors.researcher1, d1, 0, 2, 1)
  await start(job8, h1)
  await complete(job8, d1, 0, actors.orchestrator)

  if (options.squatting) {
    // d4: a squatter (stranger) registers a copy before ownerB, who committed first; ownerB takes it back and the
    // job granted on the squatter's terms is failed. d5: ownerA registers without committing; the stranger, which
    // committed before, displaces it while job 10 runs; job 10 still pays ownerA.
    const [d4, d5] = [label('dataset-4'), label('dataset-5')]
    const commitment = (account: number, root: Hex) =>
      keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }], [address(account), root]))
    const policy45: Policy = { ...policy1, attestationPolicy: zeroHash, expiry: 0 }
    await send(actors.ownerB, 'commitDataset', [commitment(actors.ownerB, d4)])
    await send(actors.stranger, 'registerDataset', [
      d4,
      label('manifest-4-copy'),
      { ...policy45, royaltyPerEpoch: 0n },
    ])
    royalty[d4] = 0n
    const job9 = await request(actors.researcher2, d4, 0, 1, 2)
    await send(actors.ownerB, 'registerDataset', [d4, label('manifest-4'), policy45])
    await send(actors.orchestrator, 'markJobFailed', [job9, reasonCode('DATASET_OWNER_REPLACED')])
    await send(actors.stranger, 'commitDataset', [commitment(actors.stranger, d5)])
    await send(actors.ownerA, 'registerDataset', [d5, label('manifest-5'), policy45])
    royalty[d5] = policy45.royaltyPerEpoch
    const job10 = await request(actors.researcher1, d5, 0, 2, 2)
    await start(job10, h2)
    await send(actors.stranger, 'registerDataset', [d5, label('manifest-5-copy'), policy45])
    await complete(job10, d5, 2, actors.researcher1)
  }

  // Release keys: key 1 retired, key 2 revoked after retirement, key 3 current.
  for (const n of [1, 2, 3]) {
    await send(actors.admin, 'registerReleaseKey', [
      resultKey(`release-key-${n}`),
      label(`release-key-evidence-${n}`),
      orchestratorPolicy,
    ])
  }
  await send(actors.admin, 'retireReleaseKey', [1])
  await send(actors.admin, 'retireReleaseKey', [2])
  await send(actors.admin, 'revokeReleaseKey', [2])

  await send(actors.operator2, 'setProviderActive', [2, false])
  await send(actors.operator2, 'setProviderActive', [2, true])
  await send(actors.operator1, 'setProviderActive', [1, false])
  await send(actors.ownerA, 'setDatasetActive', [d1, false])
  await send(actors.ownerA, 'setDatasetActive', [d1, true])

  await send(actors.ownerA, 'withdraw', [])
  await send(actors.operator1, 'withdraw', [])
  await send(actors.stranger, 'withdraw', [])
  await send(actors.researcher2, 'withdraw', [])

  await send(actors.admin, 'transferOwnership', [address(actors.stranger)])

  const accounts = chain.wallets.map((wallet) => wallet.account.address)
  return {
    datasetRoots: options.squatting ? [d1, d2, d3, label('dataset-4'), label('dataset-5')] : [d1, d2, d3],
    attestationPolicies: [h1, h2, h3, orchestratorPolicy],
    accounts,
    requesters: [address(actors.researcher1), address(actors.researcher2)],
  }
}
