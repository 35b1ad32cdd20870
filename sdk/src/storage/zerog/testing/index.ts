// `@licen/sdk/zerog-fake` (Node only, test scaffolding): the faithful fake 0G network (storage nodes and indexer as
// JSON-RPC servers that follow a Flow's logs) and a stand-in Flow contract for anvil. Tests and benchmarks only.
export { deployFakeFlow, fakeFlowRuntime, notEnoughFeeFlowRuntime } from './fakeFlow.js'
export {
  type FakeZerogNode,
  type FakeZerogNodeKnobs,
  type StartFakeZerogNetworkParameters,
  startFakeZerogNetwork,
} from './fakeZerogNetwork.js'
