import { type Hex, toHex } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'

/** anvil's public test mnemonic: its accounts are funded on the local devnet only and hold nothing real. */
export const anvilMnemonic = 'test test test test test test test test test test test junk'

/** The dev accounts the app offers on the local devnet, by the role the devnet gives them. */
export const devAccountRoles = [
  { index: 1, role: 'dataset owner' },
  { index: 2, role: 'researcher' },
  { index: 3, role: 'provider operator' },
] as const

/** Private key of anvil dev account `index` (derived from the public test mnemonic). */
export function devPrivateKey(index: number): Hex {
  const key = mnemonicToAccount(anvilMnemonic, { addressIndex: index }).getHdKey().privateKey
  if (!key) throw new Error('HD derivation returned no private key')
  return toHex(key)
}
