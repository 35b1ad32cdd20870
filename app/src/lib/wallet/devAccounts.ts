import { type Hex, toHex } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'

/** anvil's public test mnemonic: its accounts are funded on the local devnet only and hold nothing real. */
export const anvilMnemonic = 'test test test test test test test test test test test junk'

export { devAccountRoles } from './devAccountRoles.js'

/** Private key of anvil dev account `index` (derived from the public test mnemonic). */
export function devPrivateKey(index: number): Hex {
  const key = mnemonicToAccount(anvilMnemonic, { addressIndex: index }).getHdKey().privateKey
  if (!key) throw new Error('HD derivation returned no private key')
  return toHex(key)
}
