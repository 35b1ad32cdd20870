export { DEV_ROLES, type DevRole, devAccount } from './dev/accounts.js'
export { DEFAULT_PORTS, type DevnetPorts, type PortName } from './dev/config.js'
export type { DevnetContext, TimingProfile } from './dev/context.js'
export { type DevnetInfo, readDevnetInfo } from './dev/devnetInfo.js'
export type { LogSink, Supervisor } from './dev/supervisor.js'
export { DevnetError, type DevnetErrorCode } from './errors.js'
export { type Devnet, PART_NAMES, type StartDevnetParameters, startDevnet } from './startDevnet.js'
export {
  type StartStorageNodeParameters,
  type StorageNode,
  startStorageNode,
} from './storage/startStorageNode.js'
