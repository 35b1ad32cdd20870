import { type Address, createWalletClient, custom, type EIP1193Provider, type Hex } from 'viem'
import type { ResultKeySigner } from './deriveResultKey.js'
import type { resultKeyTypedData } from './resultKeyTypedData.js'

/** Wraps an injected EIP-1193 wallet (window.ethereum, EIP-6963) as a result-key signer (`eth_signTypedData_v4`). */
export function eip1193ResultKeySigner(
  provider: Pick<EIP1193Provider, 'request'>,
  address: Address,
): ResultKeySigner {
  const wallet = createWalletClient({ account: address, transport: custom(provider) })
  return {
    address,
    signTypedData: (typedData: ReturnType<typeof resultKeyTypedData>): Promise<Hex> =>
      wallet.signTypedData({ account: address, ...typedData }),
  }
}
