export {
  type Anvil,
  anvilBinaryPath,
  anvilPrivateKeys,
  freePort,
  type StartAnvilParameters,
  startAnvil,
} from './anvil.js'
export { type DataPolicyDeployment, type DeployDataPolicyParameters, deployDataPolicy } from './deploy.js'
export {
  type DeploymentRecord,
  defaultDeploymentsDir,
  deploymentPath,
  formatDeployment,
  writeDeployment,
} from './deployment.js'
export { ContractsError, type ContractsErrorCode, type ContractsErrorParameters } from './errors.js'
export { dataPolicyAbi, dataPolicyAbiHash } from './generated/dataPolicyAbi.js'
export { dataPolicyBytecode } from './generated/dataPolicyBytecode.js'
