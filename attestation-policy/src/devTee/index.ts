export {
  composeHashOf,
  createDevImage,
  DEV_APP_COMPOSE,
  DEV_IMAGE,
  DEV_ORCHESTRATOR_APP_COMPOSE,
  type DevImage,
} from './devImage.js'
export { createDevTee, type DevTee, type DevTeeParameters } from './devTee.js'
export { type DevTeeState, loadDevTeeState } from './devTeeState.js'
export { buildLocalPolicy, type DeriveDevImagePolicyParameters, deriveDevImagePolicy } from './localPolicy.js'
export { type MockCollateralParameters, mockCollateral } from './mockCollateral.js'
export { createMockPki, DEV_MOCK_PKI_SEED, devMockRootCa, type MockPki } from './mockPki.js'
export {
  type MockTdReport,
  mockTdxQuote,
  TD_ATTRIBUTES_DEBUG,
  TD_ATTRIBUTES_PRODUCTION,
} from './mockQuote.js'
export { type DevTeeAgent, type StartDevTeeAgentParameters, startDevTeeAgent } from './startDevTeeAgent.js'
