import { dataPolicyAbi } from '@licen/contracts/abi'
import type { AbiParameter } from 'viem'
import type { DataPolicyEvent, EventMeta, EventSubject, Rows } from './types.js'

const eventInputs = new Map<string, readonly AbiParameter[]>(
  dataPolicyAbi.flatMap((item) => (item.type === 'event' ? [[item.name, item.inputs] as const] : [])),
)

/** Activity row id: block number and log index, zero-padded so that ordering by id is chain order. */
export function activityId(meta: Pick<EventMeta, 'blockNumber' | 'logIndex'>): string {
  return `${meta.blockNumber.toString().padStart(12, '0')}:${meta.logIndex.toString().padStart(6, '0')}`
}

/** One argument as JSON: integers as decimal strings, addresses and bytes lowercase, tuples as objects. */
function toJson(value: unknown, parameter: AbiParameter): unknown {
  if (parameter.type === 'tuple' && 'components' in parameter) {
    const record = value as Record<string, unknown>
    return Object.fromEntries(
      parameter.components.map((component) => [component.name, toJson(record[component.name!], component)]),
    )
  }
  if (typeof value === 'bigint' || typeof value === 'number') return value.toString()
  if (parameter.type === 'address' || parameter.type.startsWith('bytes'))
    return (value as string).toLowerCase()
  return value
}

/** An event's arguments as a JSON object keyed by parameter name, following the ABI's types. */
export function argsToJson(event: DataPolicyEvent): Record<string, unknown> {
  const inputs = eventInputs.get(event.name) ?? []
  const args = event.args as Record<string, unknown>
  return Object.fromEntries(inputs.map((input) => [input.name, toJson(args[input.name!], input)]))
}

/** The activity feed row for an event. */
export function activityRow(event: DataPolicyEvent, subject: EventSubject): Rows['activityEvent'] {
  return {
    id: activityId(event.meta),
    name: event.name,
    blockNumber: event.meta.blockNumber,
    timestamp: event.meta.timestamp,
    txHash: event.meta.txHash.toLowerCase() as `0x${string}`,
    logIndex: event.meta.logIndex,
    datasetRoot: subject.datasetRoot ?? null,
    jobId: subject.jobId ?? null,
    providerId: subject.providerId ?? null,
    account: subject.account ?? null,
    args: argsToJson(event),
  }
}
