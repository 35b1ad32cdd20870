import { type Address, createWalletClient, custom, type EIP1193Provider, type Hex } from 'viem'
import type { WalletKeySigner } from './deriveResultKey.js'
import type { WalletKeyTypedData } from './resultKeyTypedData.js'

/**
 * Wraps an injected EIP-1193 wallet (window.ethereum, EIP-6963) as a wallet-key signer (`eth_signTypedData_v4`),
 * for the result key and the dataset owner key alike.
 */
export function eip1193ResultKeySigner(
  provider: Pick<EIP1193Provider, 'request'>,
  address: Address,
): WalletKeySigner {
  const wallet = createWalletClient({ account: address, transport: custom(provider) })
  return {
    address,
    signTypedData: (typedData: WalletKeyTypedData): Promise<Hex> =>
      wallet.signTypedData({ account: address, ...typedData } as Parameters<typeof wallet.signTypedData>[0]),
  }
}
