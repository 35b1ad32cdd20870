import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ensureAppBuild } from './appBuild.js'
import { appConfig } from './appConfig.js'
import type { DevnetContext } from './context.js'
import { serveStatic } from './staticServer.js'
import type { Part } from './supervisor.js'

/**
 * The app: its static build (made when missing or stale) served with this devnet's `config.json`, and the
 * provider and orchestrator attestation policy files at `/policies/<hash>.json` (the URIs allowed on chain). `config.json` is also written to
 * `<dataDir>/config.json` for `pnpm licen … --config`.
 */
export function appPart(ctx: DevnetContext): Part {
  return {
    name: 'app',
    async start(log) {
      const site = join(ctx.dataDir, 'app')
      if (ctx.app) await ensureAppBuild(site, { force: ctx.app === 'rebuild', log })
      const config = `${JSON.stringify(appConfig(ctx), null, 2)}\n`
      writeFileSync(join(ctx.dataDir, 'config.json'), config)
      const server = await serveStatic({
        root: ctx.app ? site : undefined,
        port: ctx.ports.app,
        files: {
          'config.json': { body: config },
          [`policies/${ctx.policy.hash}.json`]: { body: readFileSync(ctx.policy.file, 'utf8') },
          [`policies/${ctx.orchestratorPolicy.hash}.json`]: {
            body: readFileSync(ctx.orchestratorPolicy.file, 'utf8'),
          },
        },
      })
      log(ctx.app ? `app at ${server.url}/` : `config.json and policies at ${server.url}/ (app not served)`)
      return { stop: server.close, exited: new Promise<string>(() => {}) }
    },
  }
}
