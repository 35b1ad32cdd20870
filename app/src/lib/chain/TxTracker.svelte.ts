import { dataPolicyAbi, gasWithHeadroom } from '@licen/sdk'
import {
  type Config,
  estimateGas,
  simulateContract,
  waitForTransactionReceipt,
  writeContract,
} from '@wagmi/core'
import {
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  encodeFunctionData,
  type Hash,
  type TransactionReceipt,
} from 'viem'
import { AppError } from '../errors/AppError.js'
import { type DescribedError, describeError } from '../errors/describeError.js'

/** Where a transaction is: waiting for the wallet, mined and waiting, confirmed in a block, or failed. */
export type TxPhase =
  | { phase: 'idle' }
  | { phase: 'signing' }
  | { phase: 'pending'; hash: Hash }
  | { phase: 'confirmed'; hash: Hash; blockNumber: bigint; receipt: TransactionReceipt }
  | { phase: 'failed'; error: DescribedError; hash?: Hash | undefined }

type WriteFunction = ContractFunctionName<typeof dataPolicyAbi, 'nonpayable' | 'payable'>

/** Parameters of one DataPolicy write. */
export type DataPolicyWrite<F extends WriteFunction = WriteFunction> = {
  functionName: F
  args: ContractFunctionArgs<typeof dataPolicyAbi, 'nonpayable' | 'payable', F>
  value?: bigint | undefined
}

/**
 * Sends one DataPolicy transaction and follows it: simulates and estimates first (so a revert is explained before the wallet
 * asks), then signing → pending (hash) → confirmed (block) or failed (a human sentence from the error table).
 */
export class TxTracker {
  state = $state<TxPhase>({ phase: 'idle' })

  constructor(
    readonly wagmi: Config,
    readonly contract: Address,
  ) {}

  /** True while the wallet is asked or the transaction is not yet mined. */
  get busy(): boolean {
    return this.state.phase === 'signing' || this.state.phase === 'pending'
  }

  /** Runs the write; resolves with the receipt when confirmed, `undefined` when it failed (see `state`). */
  async send<F extends WriteFunction>(write: DataPolicyWrite<F>): Promise<TransactionReceipt | undefined> {
    this.state = { phase: 'signing' }
    let hash: Hash | undefined
    try {
      const { request } = await simulateContract(this.wagmi, {
        abi: dataPolicyAbi,
        address: this.contract,
        functionName: write.functionName,
        args: write.args,
        value: write.value,
      } as never)
      // The wallet gets a limit with headroom: an exact estimate can run out of gas when another transaction
      // mined first makes this one dearer (see the sdk's gasWithHeadroom).
      const estimate = await estimateGas(this.wagmi, {
        account: (request as { account: Address | { address: Address } }).account,
        to: this.contract,
        data: encodeFunctionData({
          abi: dataPolicyAbi,
          functionName: write.functionName,
          args: write.args,
        } as never),
        value: write.value,
      } as never)
      hash = await writeContract(this.wagmi, {
        ...(request as object),
        gas: gasWithHeadroom(estimate),
      } as never)
      this.state = { phase: 'pending', hash }
      const receipt = await waitForTransactionReceipt(this.wagmi, { hash, timeout: 120_000 })
      if (receipt.status !== 'success')
        throw new AppError('The transaction was reverted on chain.', { code: 'REVERTED' })
      this.state = { phase: 'confirmed', hash, blockNumber: receipt.blockNumber, receipt }
      return receipt
    } catch (error) {
      this.state = { phase: 'failed', error: describeError(error), hash }
      return undefined
    }
  }

  /** Back to idle (e.g. before a new attempt). */
  reset(): void {
    this.state = { phase: 'idle' }
  }
}
