/** How long one JSON-RPC call of {@link advanceChainTime} may take. */
const RPC_TIMEOUT_MS = 10_000

/** Sends one JSON-RPC call to anvil; throws on an HTTP or JSON-RPC error, or after {@link RPC_TIMEOUT_MS}. */
async function anvilRpc(rpcUrl: string, method: string, params: readonly unknown[]): Promise<void> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(RPC_TIMEOUT_MS),
  })
  if (!response.ok) throw new Error(`${method}: HTTP ${response.status} from the anvil node`)
  const body = (await response.json()) as { error?: { message?: string } }
  if (body.error) throw new Error(`${method}: ${body.error.message ?? 'JSON-RPC error'}`)
}

/**
 * Moves a local anvil chain's clock forward by `seconds` and mines one block that carries the new time
 * (`evm_increaseTime`, then `evm_mine`). Each call has a deadline of 10 s.
 */
export async function advanceChainTime(rpcUrl: string, seconds: number): Promise<void> {
  await anvilRpc(rpcUrl, 'evm_increaseTime', [seconds])
  await anvilRpc(rpcUrl, 'evm_mine', [])
}
