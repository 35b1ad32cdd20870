// A local DataPolicy deployment for tests: anvil, the contract, an orchestrator, a provider, and helpers that play
// the dataset owner, the researcher and the orchestrator on chain.
import { dataPolicyAbi, policyRoleValue } from '@licen/sdk'
import { startDataPolicyChain } from '@licen/testing'
import { type Address, type Hex, parseEventLogs, zeroHash } from 'viem'

const ROYALTY = 1_000n
const PRICE = 2_000n

export type ChainFixture = Awaited<ReturnType<typeof startChainFixture>>

/** Starts anvil, deploys DataPolicy, grants the orchestrator role (anvil #1) and registers provider 1 (anvil #4). */
export async function startChainFixture() {
  const local = await startDataPolicyChain()
  const { publicClient, wallet } = local
  const admin = wallet(0)
  const orchestrator = wallet(1)
  const owner = wallet(2)
  const researcher = wallet(3)
  const operator = wallet(4)
  const address = local.dataPolicy

  const send = async (
    client: ReturnType<typeof wallet>,
    functionName: string,
    args: readonly unknown[],
    value?: bigint,
  ) => {
    const hash = await client.writeContract({
      address,
      abi: dataPolicyAbi,
      functionName: functionName as never,
      args: args as never,
      ...(value === undefined ? {} : { value }),
    } as never)
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 })
    if (receipt.status !== 'success') throw new Error(`${functionName} reverted`)
    return receipt
  }

  await send(admin, 'setOrchestrator', [orchestrator.account.address, true])
  await send(operator, 'registerProvider', ['http://127.0.0.1:1', PRICE])

  return {
    rpcUrl: local.rpcUrl,
    chainId: local.chainId,
    dataPolicy: address as Address,
    orchestrator: orchestrator.account,
    stop: () => local.stop(),
    /** Grants or revokes the orchestrator role (admin). */
    async setOrchestrator(account: Address, allowed: boolean) {
      await send(admin, 'setOrchestrator', [account, allowed])
    },
    /** Allows an attestation policy hash (admin). */
    async allowPolicy(policyHash: Hex) {
      await send(admin, 'setAttestationPolicy', [
        policyHash,
        true,
        'file://policies/local.json',
        policyRoleValue.provider,
      ])
    },
    /** Registers a dataset (owner = anvil #2) requiring `attestationPolicy` (zero: any allowed policy). */
    async registerDataset(datasetRoot: Hex, attestationPolicy: Hex = zeroHash) {
      await send(owner, 'registerDataset', [
        datasetRoot,
        `0x${'99'.repeat(32)}`,
        {
          royaltyPerEpoch: ROYALTY,
          maxEpochsPerJob: 10,
          maxActiveJobsPerRequester: 10,
          sessionTtl: 3600,
          expiry: 0,
          allowedPurposes: 1,
          attestationPolicy,
        },
      ])
    },
    /** The researcher (anvil #3) escrows `epochs` with provider 1; returns the job id. */
    async requestAccess(datasetRoot: Hex, epochs: number, resultPubKey: Hex): Promise<bigint> {
      const receipt = await send(
        researcher,
        'requestAccess',
        [datasetRoot, 0, epochs, 1, resultPubKey],
        (ROYALTY + PRICE) * BigInt(epochs),
      )
      const [granted] = parseEventLogs({ abi: dataPolicyAbi, logs: receipt.logs, eventName: 'AccessGranted' })
      return granted!.args.jobId
    },
    /** The orchestrator records a verified attestation: the job goes Running. */
    async startJob(jobId: bigint, enclaveSigner: Address, attestationRef: Hex, policyHash: Hex) {
      await send(orchestrator, 'startJob', [jobId, enclaveSigner, attestationRef, policyHash])
    },
    /** Anyone submits the enclave-signed manifest: the job settles. */
    async confirmTrainingComplete(
      jobId: bigint,
      manifest: { actualEpochs: number; resultRoot: Hex; receiptsHead: Hex; codeHash: Hex },
      signature: Hex,
    ) {
      await send(researcher, 'confirmTrainingComplete', [
        jobId,
        manifest.actualEpochs,
        manifest.resultRoot,
        manifest.receiptsHead,
        manifest.codeHash,
        signature,
      ])
    },
    /** Anyone submits an enclave-signed failure report: the job fails with a full refund. */
    async reportJobFailure(jobId: bigint, reason: Hex, signature: Hex) {
      await send(researcher, 'reportJobFailure', [jobId, reason, signature])
    },
    async jobState(jobId: bigint): Promise<number> {
      const job = await publicClient.readContract({
        address,
        abi: dataPolicyAbi,
        functionName: 'getJob',
        args: [jobId],
      })
      return Number(job.state)
    },
  }
}
