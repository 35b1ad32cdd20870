import {
  type Account,
  type Chain,
  type Client,
  createPublicClient,
  createWalletClient,
  http,
  type PublicClient,
  type Transport,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { type DevRole, devAccount } from './accounts.js'

/** A viem client that signs as one account. */
export type WalletClient = Client<Transport, Chain | undefined, Account>

/** A wallet client for a devnet role's account. */
export function walletFor(rpcUrl: string, role: DevRole): WalletClient {
  return createWalletClient({
    account: privateKeyToAccount(devAccount(role).privateKey),
    transport: http(rpcUrl),
  })
}

/** A read-only client for the devnet chain. */
export function publicClientFor(rpcUrl: string): PublicClient {
  return createPublicClient({ transport: http(rpcUrl) }) as PublicClient
}

/** Receipt polling on the local chain (blocks are mined instantly). */
export const LOCAL_POLLING = { pollingIntervalMs: 50, timeoutMs: 30_000 } as const
