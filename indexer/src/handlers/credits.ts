import type { Hex } from 'viem'
import { InconsistentStateError } from '../errors.js'
import { lower } from './rows.js'
import type { EventHandler, EventMeta, Store } from './types.js'

/** Adds `amount` to an account's withdrawable balance, as the contract's `_credit` does (zero is a no-op). */
export async function credit(store: Store, account: Hex, amount: bigint, meta: EventMeta): Promise<void> {
  if (amount === 0n) return
  const id = lower(account)
  const row = await store.find('account', id)
  if (row === null) {
    await store.insert('account', {
      id,
      credited: amount,
      withdrawn: 0n,
      balance: amount,
      updatedBlock: meta.blockNumber,
    })
    return
  }
  await store.update('account', {
    ...row,
    credited: row.credited + amount,
    balance: row.balance + amount,
    updatedBlock: meta.blockNumber,
  })
}

/** Withdrawn: the account's whole balance left the contract. */
export const onWithdrawn: EventHandler<'Withdrawn'> = async (store, { args, meta }) => {
  const id = lower(args.account)
  const row = await store.find('account', id)
  if (row === null || row.balance !== args.amount) {
    throw new InconsistentStateError('Withdrawn amount differs from the indexed balance', {
      code: 'INCONSISTENT_STATE',
      details: `account ${id} withdrew ${args.amount}, indexed balance ${row?.balance ?? 0n}`,
    })
  }
  await store.update('account', {
    ...row,
    withdrawn: row.withdrawn + args.amount,
    balance: 0n,
    updatedBlock: meta.blockNumber,
  })
  return { account: id }
}
