export type { DataPolicyEvent, DataPolicyEventArgs, DataPolicyEventName } from './dataPolicyEvent.js'
export {
  type JobEvent,
  type JobEventName,
  type JobEventRejection,
  type JobRecord,
  type JobRecordState,
  jobEventNames,
  jobTransitions,
  type ReduceJobEventReturnType,
  reduceJobEvent,
} from './reduceJobEvent.js'
export { reduceJobEvents } from './reduceJobEvents.js'
