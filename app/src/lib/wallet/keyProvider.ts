import { BaseError } from '@licen/sdk'
import {
  type Chain,
  createWalletClient,
  type EIP1193Parameters,
  type Hex,
  hexToBigInt,
  http,
  isHex,
  numberToHex,
  type WalletRpcSchema,
} from 'viem'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'

/**
 * A JSON-RPC error as EIP-1193 wallets report it. A LICEN `BaseError` whose `code` is the numeric EIP-1193 /
 * JSON-RPC code (4100, 4200, 4902…), because that is the field viem's request wrapper and wallets switch on;
 * `isLicenError` is therefore false for it and the app describes it as any wallet error.
 */
export class ProviderRpcError extends BaseError<number> {
  override name = 'ProviderRpcError'
}

export type KeyProviderParameters = {
  privateKey: Hex
  chain: Chain
  rpcUrl: string
}

/** An EIP-1193 `request` function. */
export type Eip1193Request = (args: { method: string; params?: unknown }) => Promise<unknown>

type TxParams = { from?: Hex; to?: Hex; data?: Hex; value?: Hex; gas?: Hex }

/**
 * An EIP-1193 provider that signs with one private key and forwards reads to the chain's RPC. Used for the
 * dev wallet on the local devnet (anvil keys) and by the end-to-end tests; never for real funds.
 */
export function createKeyProvider(parameters: KeyProviderParameters): {
  account: PrivateKeyAccount
  request: Eip1193Request
} {
  const account = privateKeyToAccount(parameters.privateKey)
  const transport = http(parameters.rpcUrl, { retryCount: 0, timeout: 15_000 })
  const wallet = createWalletClient({ account, chain: parameters.chain, transport })
  const self = account.address.toLowerCase()
  const assertSelf = (address: unknown) => {
    if (typeof address !== 'string' || address.toLowerCase() !== self)
      throw new ProviderRpcError('The requested account is not this wallet.', { code: 4100 })
  }

  const request: Eip1193Request = async ({ method, params }) => {
    const list = (Array.isArray(params) ? params : []) as unknown[]
    switch (method) {
      case 'eth_requestAccounts':
      case 'eth_accounts':
        return [account.address]
      case 'eth_chainId':
        return numberToHex(parameters.chain.id)
      case 'wallet_switchEthereumChain': {
        const wanted = (list[0] as { chainId?: string } | undefined)?.chainId
        if (wanted !== numberToHex(parameters.chain.id))
          throw new ProviderRpcError('This dev wallet only knows the local devnet chain.', { code: 4902 })
        return null
      }
      case 'personal_sign': {
        assertSelf(list[1])
        const message = list[0] as Hex
        return account.signMessage({ message: isHex(message) ? { raw: message } : String(message) })
      }
      case 'eth_signTypedData_v4': {
        assertSelf(list[0])
        const typed = typeof list[1] === 'string' ? JSON.parse(list[1]) : list[1]
        const { EIP712Domain: _domain, ...types } = typed.types
        return account.signTypedData({
          domain: typed.domain,
          types,
          primaryType: typed.primaryType,
          message: typed.message,
        })
      }
      case 'eth_sendTransaction': {
        const tx = list[0] as TxParams
        assertSelf(tx.from)
        return wallet.sendTransaction({
          to: tx.to,
          data: tx.data,
          value: tx.value ? hexToBigInt(tx.value) : undefined,
          gas: tx.gas ? hexToBigInt(tx.gas) : undefined,
        })
      }
      case 'eth_sign':
      case 'eth_signTransaction':
        throw new ProviderRpcError(`${method} is not supported by this wallet.`, { code: 4200 })
      default:
        return transport({ chain: parameters.chain }).request({
          method,
          params,
        } as EIP1193Parameters<WalletRpcSchema>)
    }
  }
  return { account, request }
}
