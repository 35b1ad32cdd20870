export { benchFlags } from './benchFlags.js'
export { chromiumArgs, chromiumLaunchOptions } from './chromium.js'
export { hasPostgres, type Postgres, postgresBinDir, startPostgres } from './postgres.js'
export { declaredSideEffects, importTimeEffects, sourceFiles, undeclaredSideEffects } from './sideEffects.js'
