export { advanceChainTime } from './advanceChainTime.js'
export {
  type AnvilChain,
  type DataPolicyChain,
  type StartAnvilChainParameters,
  startAnvilChain,
  startDataPolicyChain,
} from './anvilChain.js'
export { benchFlags } from './benchFlags.js'
export { benchUsage, unknownFlag } from './benchUsage.js'
export { chromiumArgs, chromiumLaunchOptions } from './chromium.js'
export { type ImportGraph, importGraph } from './importGraph.js'
export { hasPostgres, type Postgres, postgresBinDir, startPostgres } from './postgres.js'
export { declaredSideEffects, importTimeEffects, sourceFiles, undeclaredSideEffects } from './sideEffects.js'
export { type Stoppable, stopAll } from './stopAll.js'
