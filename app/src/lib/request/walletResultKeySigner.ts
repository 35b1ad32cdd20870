import type { ResultKeySigner } from '@licen/sdk'
import { type Config, signTypedData } from '@wagmi/core'
import type { Address } from 'viem'

/** The connected wallet (any wagmi connector) as the sdk's result-key signer. */
export function walletResultKeySigner(wagmi: Config, address: Address): ResultKeySigner {
  return { address, signTypedData: (typedData) => signTypedData(wagmi, { account: address, ...typedData }) }
}
