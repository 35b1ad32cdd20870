/** Polls `check` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<value>(
  what: string,
  check: () => Promise<value | undefined>,
  timeoutMs = 30_000,
  intervalMs = 50,
): Promise<value> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value !== undefined) return value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/** The orchestrator's view of a job (`GET /v1/jobs/:jobId`). */
export type OrchestratorJobView = {
  jobId: string
  stage: string
  outcome: string | null
  failureCode: string | null
  attestationRef: string | null
  signer: string | null
  settlement: { fn: string } | null
  events: { step: string; phase: string; instance: string; detail: Record<string, unknown> | null }[]
}

/** Waits until the orchestrator at `url` reports the job done and returns its view. */
export function waitForDone(url: string, jobId: bigint, timeoutMs = 60_000): Promise<OrchestratorJobView> {
  return waitFor(
    `job ${jobId} done`,
    async () => {
      const response = await fetch(`${url}/v1/jobs/${jobId}`)
      if (response.status !== 200) return undefined
      const view = (await response.json()) as OrchestratorJobView
      return view.stage === 'done' ? view : undefined
    },
    timeoutMs,
    100,
  )
}
