import type { DevnetContext } from './context.js'

/** The app's `config.json` for this devnet (the schema is app/src/lib/config/appConfig.ts). */
export function appConfig(ctx: DevnetContext): Record<string, unknown> {
  return {
    chain: { id: ctx.chainId, name: 'LICEN devnet', rpcUrl: ctx.rpcUrl },
    dataPolicy: {
      address: ctx.deployment?.address,
      deploymentBlock: Number(ctx.deployment?.blockNumber ?? 0),
    },
    indexerUrl: ctx.urls.graphql,
    storage: { backend: 'local', url: ctx.urls.storage },
    releasePublicKey: ctx.releasePublicKey,
    orchestratorUrl: ctx.urls.orchestrator,
    attestationPoliciesUrl: `${ctx.urls.app}/policies`,
    devWallet: true,
  }
}
