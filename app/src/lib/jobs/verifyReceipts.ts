import { dataPolicyDomain, type SignedEpochReceipt, verifyReceiptChain } from '@licen/sdk'
import type { Address, Hex } from 'viem'
import type { AppConfig } from '../config/appConfig.js'
import { describeError } from '../errors/describeError.js'

/** Result of checking a provider's receipts in the browser. */
export type ReceiptCheck =
  | { ok: true; head: Hex; points: { epoch: number; loss: number; samples: bigint }[] }
  | { ok: false; code: string; message: string }

/**
 * Verifies that the receipts form one chain signed by the job's enclave key (EIP-712, this deployment's domain)
 * and turns them into loss points for the chart; nothing unverified is ever charted.
 */
export async function verifyReceipts(
  config: AppConfig,
  jobId: bigint,
  enclaveSigner: Address,
  receipts: readonly SignedEpochReceipt[],
): Promise<ReceiptCheck> {
  try {
    const head = await verifyReceiptChain({
      domain: dataPolicyDomain({ chainId: config.chain.id, verifyingContract: config.dataPolicy.address }),
      jobId,
      signer: enclaveSigner,
      receipts,
    })
    return {
      ok: true,
      head,
      points: receipts.map(({ receipt }) => ({
        epoch: receipt.epoch,
        loss: Number(receipt.lossMicro) / 1e6,
        samples: receipt.samples,
      })),
    }
  } catch (error) {
    const described = describeError(error)
    return { ok: false, code: described.code, message: described.message }
  }
}
