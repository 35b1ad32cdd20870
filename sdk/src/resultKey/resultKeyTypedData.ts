import type { Address } from 'viem'

/** Statement shown in the wallet when it is asked to derive the result key. */
export const RESULT_KEY_STATEMENT =
  'Derive my LICEN result key. Only sign this in a LICEN app: the signature decrypts the models trained for you.'

/** The fields of every wallet-key message: what the wallet shows, the account, the derivation's version. */
const walletKeyFields = [
  { name: 'statement', type: 'string' },
  { name: 'account', type: 'address' },
  { name: 'version', type: 'uint256' },
] as const

/** EIP-712 types of the fixed message whose signature seeds the result key. */
export const resultKeyTypes = { ResultKey: walletKeyFields } as const

/**
 * The fixed typed message an account signs to derive its result key. It has no chain id, so the same key
 * results on every chain; deterministic (RFC 6979) wallets give the same signature every time.
 */
export function resultKeyTypedData(account: Address) {
  return {
    domain: { name: 'LICEN Result Key', version: '1' },
    types: resultKeyTypes,
    primaryType: 'ResultKey' as const,
    message: { statement: RESULT_KEY_STATEMENT, account, version: 1n },
  }
}

/** Statement shown in the wallet when it is asked to derive the dataset owner key. */
export const DATASET_OWNER_KEY_STATEMENT =
  'Derive my LICEN dataset owner key. Only sign this in a LICEN app: the signature opens the keys of the datasets you published.'

/** EIP-712 types of the fixed message whose signature seeds the dataset owner key (another type than the result key's). */
export const datasetOwnerKeyTypes = { DatasetOwnerKey: walletKeyFields } as const

/**
 * The fixed typed message an account signs to derive its dataset owner key (the key the manifest's owner envelope is
 * sealed to). Its domain name and primary type differ from the result key's, so one signature never seeds both.
 */
export function datasetOwnerKeyTypedData(account: Address) {
  return {
    domain: { name: 'LICEN Dataset Owner Key', version: '1' },
    types: datasetOwnerKeyTypes,
    primaryType: 'DatasetOwnerKey' as const,
    message: { statement: DATASET_OWNER_KEY_STATEMENT, account, version: 1n },
  }
}

/** A fixed typed message whose signature seeds a wallet-derived key. */
export type WalletKeyTypedData =
  | ReturnType<typeof resultKeyTypedData>
  | ReturnType<typeof datasetOwnerKeyTypedData>
