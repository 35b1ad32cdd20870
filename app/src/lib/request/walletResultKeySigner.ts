import type { datasetOwnerKeyTypedData, resultKeyTypedData, WalletKeySigner } from '@licen/sdk'
import { type Config, signTypedData } from '@wagmi/core'
import type { Address } from 'viem'

type WalletKeyMessage = ReturnType<typeof resultKeyTypedData> | ReturnType<typeof datasetOwnerKeyTypedData>

/**
 * The connected wallet (any wagmi connector) as the sdk's wallet-key signer: the researcher's result key and the
 * dataset owner's key (each its own typed message).
 */
export function walletResultKeySigner(wagmi: Config, address: Address): WalletKeySigner {
  const sign = (typedData: WalletKeyMessage) =>
    signTypedData(wagmi, { account: address, ...typedData } as Parameters<typeof signTypedData>[1])
  return { address, signTypedData: sign }
}
