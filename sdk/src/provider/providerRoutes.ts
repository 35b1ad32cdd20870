/** Every route of provider API v1: method and path pattern (`:jobId` is a decimal uint256). */
export const providerRoutes = {
  info: { method: 'GET', path: '/v1/info' },
  attest: { method: 'POST', path: '/v1/jobs/:jobId/attest' },
  start: { method: 'POST', path: '/v1/jobs/:jobId/start' },
  job: { method: 'GET', path: '/v1/jobs/:jobId' },
  result: { method: 'GET', path: '/v1/jobs/:jobId/result' },
  metrics: { method: 'GET', path: '/metrics' },
} as const

/** Name of a provider API v1 route. */
export type ProviderRouteName = keyof typeof providerRoutes

/** Builds the path of a route (relative to the node's endpoint) for one job. */
export function providerPath(route: ProviderRouteName, jobId?: bigint): string {
  const { path } = providerRoutes[route]
  if (!path.includes(':jobId')) return path
  if (jobId === undefined || jobId < 0n) throw new RangeError(`route ${route} needs a job id`)
  return path.replace(':jobId', jobId.toString())
}
