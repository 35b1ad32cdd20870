import type { Hex } from 'viem'
import { InconsistentStateError } from '../errors.js'
import type { EventMeta, RowId, Rows, Store, TableName } from './types.js'

/** The zero address, lowercase, as the contract reports an unset account. */
export const zeroAddress = '0x0000000000000000000000000000000000000000' as const

/** Lowercases an address or hash so rows compare and filter the same whatever the decoder's casing. */
export function lower(value: Hex): Hex {
  return value.toLowerCase() as Hex
}

/** A row's `updatedAt` and `updatedBlock`: the time and block of the event that last changed it. */
export function stamped(meta: EventMeta): { updatedAt: bigint; updatedBlock: bigint } {
  return { updatedAt: meta.timestamp, updatedBlock: meta.blockNumber }
}

/** Reads a row the event presupposes; a missing one means the indexed history is incomplete. */
export async function requireRow<table extends TableName>(
  store: Store,
  table: table,
  id: RowId<table>,
  event: string,
): Promise<Rows[table]> {
  const row = await store.find(table, id)
  if (row === null) {
    throw new InconsistentStateError(`${event} refers to an unknown ${table}`, {
      code: 'INCONSISTENT_STATE',
      details: `${table} ${String(id)} is not indexed`,
    })
  }
  return row
}

/** Checks a row the event creates does not exist yet; an existing one means an event was indexed twice. */
export async function requireAbsent<table extends TableName>(
  store: Store,
  table: table,
  id: RowId<table>,
  event: string,
): Promise<void> {
  if ((await store.find(table, id)) === null) return
  throw new InconsistentStateError(`${event} for a ${table} already indexed`, {
    code: 'INCONSISTENT_STATE',
    details: `${table} ${String(id)}`,
  })
}

/** The job counters and registration columns a newly registered dataset or provider starts with. */
export function registered(meta: EventMeta) {
  return {
    jobCount: 0,
    openJobCount: 0,
    completedJobCount: 0,
    failedJobCount: 0,
    reclaimedJobCount: 0,
    epochsTrained: 0n,
    registeredAt: meta.timestamp,
    registeredBlock: meta.blockNumber,
    registeredTx: lower(meta.txHash),
    ...stamped(meta),
  }
}

/** Reads the contract's protocol row, starting from the contract's initial values when none exists yet. */
export async function protocolRow(
  store: Store,
  meta: EventMeta,
): Promise<{ row: Rows['protocol']; isNew: boolean }> {
  const id = lower(meta.contract)
  const row = await store.find('protocol', id)
  if (row !== null) return { row, isNew: false }
  return {
    isNew: true,
    row: {
      id,
      owner: zeroAddress,
      pendingOwner: zeroAddress,
      feeBps: 0,
      treasury: zeroAddress,
      datasetCount: 0,
      providerCount: 0,
      jobCount: 0,
      escrowHeld: 0n,
      feesEarned: 0n,
      updatedBlock: meta.blockNumber,
    },
  }
}

/** Writes the protocol row, applying `change` to its current (or initial) values. */
export async function changeProtocol(
  store: Store,
  meta: EventMeta,
  change: (row: Rows['protocol']) => Partial<Rows['protocol']>,
): Promise<void> {
  const { row, isNew } = await protocolRow(store, meta)
  const next = { ...row, ...change(row), updatedBlock: meta.blockNumber }
  if (isNew) await store.insert('protocol', next)
  else await store.update('protocol', next)
}
