// `@licen/contracts`: the Node-only helpers (anvil, deployment, deployments files). What a browser needs, the ABI
// and the EIP-712 types, is on the Node-free entry `@licen/contracts/abi` (./abi.ts), re-exported here for Node
// callers.
export {
  dataPolicyAbi,
  dataPolicyAbiHash,
  dataPolicyDomainName,
  dataPolicyDomainVersion,
  dataPolicyTypes,
} from './abi.js'
export {
  type Anvil,
  anvilBinaryPath,
  anvilPrivateKeys,
  freePort,
  type StartAnvilParameters,
  startAnvil,
} from './anvil.js'
export { type CheckNetworkChainParameters, checkNetworkChain, readChainId } from './checkNetworkChain.js'
export { type DataPolicyDeployment, type DeployDataPolicyParameters, deployDataPolicy } from './deploy.js'
export {
  type DeploymentRecord,
  defaultDeploymentsDir,
  deploymentPath,
  formatDeployment,
  writeDeployment,
} from './deployment.js'
export { ContractsError, type ContractsErrorCode, type ContractsErrorParameters } from './errors.js'
export { dataPolicyBytecode } from './generated/dataPolicyBytecode.js'
