import { providerPath } from '@licen/sdk/provider-api'
import { answers, type ChildPart, startChild } from './childProcess.js'
import { resolvePackageBin } from './packageBin.js'

/** Parameters of {@link startProviderProcess}. */
export type StartProviderProcessParameters = {
  rpcUrl: string
  chainId: number
  dataPolicy: string
  providerId: number
  port: number
  teeUrl: string
  storageUrl: string
  log: (line: string) => void
  /** Extra LICEN_* settings (limits, log level). */
  env?: Record<string, string> | undefined
}

/** The environment of the `licen-provider` program on the devnet (a child process or a container alike). */
export function providerEnvironment(
  parameters: Omit<StartProviderProcessParameters, 'log'>,
): Record<string, string> {
  return {
    LICEN_RPC_URL: parameters.rpcUrl,
    LICEN_CHAIN_ID: String(parameters.chainId),
    LICEN_DATA_POLICY: parameters.dataPolicy,
    LICEN_PROVIDER_ID: String(parameters.providerId),
    LICEN_PROVIDER_HOST: '127.0.0.1',
    LICEN_PROVIDER_PORT: String(parameters.port),
    LICEN_DSTACK_ENDPOINT: parameters.teeUrl,
    LICEN_STORAGE_URL: parameters.storageUrl,
    LICEN_LOG_LEVEL: 'info',
    ...parameters.env,
  }
}

/** True once the provider node on `port` answers `GET /v1/info`. */
export const providerAnswers = (port: number) => () =>
  answers(`http://127.0.0.1:${port}${providerPath('info')}`)

/** Starts the `licen-provider` program (provider-node's CLI) and resolves once `GET /v1/info` answers. */
export function startProviderProcess(parameters: StartProviderProcessParameters): Promise<ChildPart> {
  return startChild({
    ...resolvePackageBin('@licen/provider-node', 'licen-provider'),
    env: providerEnvironment(parameters),
    log: parameters.log,
    healthy: providerAnswers(parameters.port),
    timeoutMs: 120_000,
  })
}
