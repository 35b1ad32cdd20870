import type { dataPolicyAbi } from '@licen/contracts/abi'
import type { ContractEventName, GetEventArgs } from 'viem'

/** Name of an event in the DataPolicy ABI. */
export type DataPolicyEventName = ContractEventName<typeof dataPolicyAbi>

/** Decoded arguments of a DataPolicy event (all parameters, as viem decodes them with `strict: true`). */
export type DataPolicyEventArgs<name extends DataPolicyEventName> = GetEventArgs<
  typeof dataPolicyAbi,
  name,
  { EnableUnion: false; IndexedOnly: false; Required: true }
>

/**
 * A decoded DataPolicy event and where it sits on chain. `meta` is whatever position the reader has (block
 * number, log index, timestamp…): reducers carry it along without reading it.
 */
export type DataPolicyEvent<name extends DataPolicyEventName = DataPolicyEventName, meta = unknown> = {
  [key in name]: { name: key; args: DataPolicyEventArgs<key>; meta: meta }
}[name]
