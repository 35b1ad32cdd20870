/** Something a test started (a chain, a server, a node, a fake): stopped by `stop()` or else `close()`. */
export type Stoppable = { stop(): unknown } | { close(): unknown }

/**
 * Stops what a test started, in the order given, each awaited: every one, even after an earlier one failed;
 * `undefined` (never started, e.g. `beforeAll` failed first) is skipped. After all ran, throws the one failure, or
 * an `AggregateError` of them all when several failed.
 */
export async function stopAll(...started: readonly (Stoppable | undefined)[]): Promise<void> {
  const failures: unknown[] = []
  for (const item of started) {
    if (item === undefined) continue
    try {
      await ('stop' in item ? item.stop() : item.close())
    } catch (error) {
      failures.push(error)
    }
  }
  if (failures.length === 1) throw failures[0]
  if (failures.length > 1)
    throw new AggregateError(failures, `${failures.length} of the started things failed to stop`)
}
