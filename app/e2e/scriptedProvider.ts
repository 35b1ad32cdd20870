import { createServer, type Server } from 'node:http'
import { anvilPrivateKeys } from '@licen/contracts'
import {
  adapterFileFromBytes,
  createAdapterContainerStream,
  createLocalStorage,
  createResultObjectStream,
  dataPolicyDomain,
  hashEpochReceipt,
  nextEpochReceipt,
  type SignedEpochReceipt,
  signEpochReceipt,
  signResultManifest,
} from '@licen/sdk'
import { type Hex, keccak256, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { devEvidence, LOCAL_POLICY_HASH } from '../src/lib/audit/testing/devEvidence.js'
import { writeAs } from './seed.js'
import type { E2eStack } from './stack.js'

/** Hash of `attestation-policy/policies/local.json` (its recorded hash), allowed on the test chain. */
export const localPolicyHash: Hex = LOCAL_POLICY_HASH

/**
 * TEST SCAFFOLDING, standing in for the orchestrator and the provider node until the devnet runs them: serves
 * `GET /v1/jobs/:id` like a provider (CORS open) and, on `complete(job)`, starts the job as the orchestrator
 * (anvil #0), signs one epoch receipt per paid epoch and the result manifest with an enclave key, uploads a real LCNR result
 * object sealed to the job's result key, and settles on chain. Every byte and signature goes through the sdk and
 * the contract, so the app's checks run for real; only the training is not, and the attestation comes from the
 * development TEE (a real quote layout signed by the mock Intel PKI, stored as the job's evidence object).
 */
export async function startScriptedProvider(stack: E2eStack) {
  const enclave = privateKeyToAccount(keccak256(toHex('e2e enclave key')))
  const receiptsByJob = new Map<bigint, SignedEpochReceipt[]>()
  const resultsByJob = new Map<bigint, string>()
  const server: Server = createServer((req, res) => {
    const match = /^\/v1\/jobs\/(\d+)(\/result)?$/.exec(req.url ?? '')
    res.setHeader('access-control-allow-origin', '*')
    if (!match) return void res.writeHead(404).end()
    const jobId = BigInt(match[1]!)
    if (match[2]) {
      const result = resultsByJob.get(jobId)
      if (!result) return void res.writeHead(404).end()
      res.writeHead(200, { 'content-type': 'application/json' })
      return void res.end(result)
    }
    const receipts = receiptsByJob.get(jobId) ?? []
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(
      JSON.stringify({
        jobId: jobId.toString(),
        status: receipts.length ? { state: 'Finished', epoch: receipts.length } : { state: 'Init' },
        receipts: receipts.map(({ receipt, signature }) => ({
          receipt: {
            ...receipt,
            jobId: receipt.jobId.toString(),
            samples: receipt.samples.toString(),
            lossMicro: receipt.lossMicro.toString(),
          },
          signature,
        })),
      }),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('no port')
  const domain = dataPolicyDomain({ chainId: stack.chainId, verifyingContract: stack.dataPolicy })
  await writeAs(stack, 0, {
    functionName: 'setOrchestrator',
    args: [privateKeyToAccount(anvilPrivateKeys[0]).address, true],
  })
  await writeAs(stack, 0, {
    functionName: 'setAttestationPolicy',
    args: [localPolicyHash, true, 'local.json'],
  })

  return {
    url: `http://127.0.0.1:${address.port}`,
    enclave: enclave.address,
    /** Runs a Granted job to Completed: start, one receipt per epoch, result object, settlement. */
    async complete(job: { jobId: bigint; datasetRoot: Hex; resultPubKey: Hex; epochs: number }) {
      // The evidence object an orchestrator stores: a dev TEE quote bound to this job and enclave key.
      const storage = createLocalStorage({ url: stack.services.storageUrl! })
      const { bytes: evidence } = devEvidence({
        chainId: stack.chainId,
        dataPolicy: stack.dataPolicy,
        jobId: job.jobId,
        signer: enclave.address,
        verifiedAt: Math.floor(Date.now() / 1000),
      })
      const { root: attestationRef } = await storage.upload(evidence)
      await writeAs(stack, 0, {
        functionName: 'startJob',
        args: [job.jobId, enclave.address, attestationRef, localPolicyHash],
      })
      const adapterModel = new TextEncoder().encode(`safetensors bytes of job ${job.jobId}`)
      const adapterConfig = new TextEncoder().encode(JSON.stringify({ peft_type: 'LORA', r: 4 }))
      const receipts: SignedEpochReceipt[] = []
      const losses = [2.98, 1.87, 1.31, 1.12, 1.05].slice(0, job.epochs)
      for (const [i, loss] of losses.entries()) {
        const receipt = nextEpochReceipt({
          domain,
          previous: receipts.at(-1)?.receipt,
          jobId: job.jobId,
          samples: 200n,
          lossMicro: BigInt(Math.round(loss * 1e6)),
          adapterHash: i === losses.length - 1 ? keccak256(adapterModel) : keccak256(toHex(`epoch ${i + 1}`)),
        })
        receipts.push({ receipt, signature: await signEpochReceipt({ signer: enclave, domain, receipt }) })
      }
      const object = await createResultObjectStream({
        chainId: stack.chainId,
        contract: stack.dataPolicy,
        jobId: job.jobId,
        resultPublicKey: job.resultPubKey,
        plaintext: createAdapterContainerStream([
          adapterFileFromBytes('adapter_config.json', adapterConfig),
          adapterFileFromBytes('adapter_model.safetensors', adapterModel),
        ]),
      })
      const { root: resultRoot } = await storage.upload(object)
      const receiptsHead = hashEpochReceipt(domain, receipts.at(-1)!.receipt)
      const manifest = {
        jobId: job.jobId,
        datasetRoot: job.datasetRoot,
        resultRoot,
        codeHash: keccak256(toHex('e2e provider runtime')),
        attestationRef,
        actualEpochs: job.epochs,
        receiptsHead,
      }
      const signature = await signResultManifest({ signer: enclave, domain, manifest })
      await writeAs(stack, 5, {
        functionName: 'confirmTrainingComplete',
        args: [job.jobId, job.epochs, resultRoot, receiptsHead, manifest.codeHash, signature],
      })
      receiptsByJob.set(job.jobId, receipts)
      resultsByJob.set(
        job.jobId,
        JSON.stringify({ manifest: { ...manifest, jobId: manifest.jobId.toString() }, signature }),
      )
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
