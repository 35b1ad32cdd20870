import type { DataPolicyEventName, DataPolicyEvent as SdkDataPolicyEvent } from '@licen/sdk/events'
import type { Hex } from 'viem'
import type * as schema from '../../ponder/ponder.schema.js'

export type { DataPolicyEventArgs, DataPolicyEventName } from '@licen/sdk/events'

/** Where an event sits on chain: everything a handler may use besides the arguments. */
export type EventMeta = {
  /** Address of the emitting DataPolicy contract. */
  contract: Hex
  blockNumber: bigint
  /** Block timestamp (Unix seconds): the only clock handlers read. */
  timestamp: bigint
  txHash: Hex
  logIndex: number
}

/** A decoded DataPolicy event with its position on chain (the sdk's event, with the indexer's `EventMeta`). */
export type DataPolicyEvent<name extends DataPolicyEventName = DataPolicyEventName> = SdkDataPolicyEvent<
  name,
  EventMeta
>

/** Row types of the indexer's tables, keyed by their schema export name. */
export type Rows = {
  dataset: typeof schema.dataset.$inferSelect
  policyVersion: typeof schema.policyVersion.$inferSelect
  provider: typeof schema.provider.$inferSelect
  attestationPolicyRecord: typeof schema.attestationPolicyRecord.$inferSelect
  releaseKey: typeof schema.releaseKey.$inferSelect
  job: typeof schema.job.$inferSelect
  account: typeof schema.account.$inferSelect
  orchestrator: typeof schema.orchestrator.$inferSelect
  protocol: typeof schema.protocol.$inferSelect
  activityEvent: typeof schema.activityEvent.$inferSelect
}

/** Name of one of the indexer's tables. */
export type TableName = keyof Rows

/** Primary key of a table's rows. */
export type RowId<table extends TableName> = Rows[table]['id']

/**
 * The only state handlers touch: rows by primary key. Ponder's `context.db` backs it while indexing; an
 * in-memory map backs it in tests and log replays. `insert` fails if the row exists, `update` if it does not.
 */
export type Store = {
  find<table extends TableName>(table: table, id: RowId<table>): Promise<Rows[table] | null>
  insert<table extends TableName>(table: table, row: Rows[table]): Promise<void>
  update<table extends TableName>(table: table, row: Rows[table]): Promise<void>
}

/** What an event is about, for the activity feed's filter columns. */
export type EventSubject = {
  datasetRoot?: Hex | undefined
  jobId?: bigint | undefined
  providerId?: bigint | undefined
  account?: Hex | undefined
}

/** Applies one event's effect on the tables and says what the event is about. */
export type EventHandler<name extends DataPolicyEventName> = (
  store: Store,
  event: DataPolicyEvent<name>,
) => Promise<EventSubject>
