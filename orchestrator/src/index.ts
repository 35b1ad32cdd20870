export { createLogger, type Logger, type LogLevel, silentLogger } from '@licen/sdk'
export {
  type OrchestratorConfig,
  type OrchestratorConfigInput,
  type OrchestratorTiming,
  orchestratorConfigSchema,
} from './config/orchestratorConfig.js'
export { errorCode, OrchestratorError, type OrchestratorErrorCode } from './errors.js'
export { type FailureCode, failureCodes } from './jobs/failureCodes.js'
export { type StepBoundary, type StepName, stepNames } from './jobs/JobContext.js'
export { RELEASE_KEY_DOMAIN, releaseKeyReportData } from './release/releaseKeyBinding.js'
export { type Orchestrator, type StartOrchestratorOptions, startOrchestrator } from './startOrchestrator.js'
