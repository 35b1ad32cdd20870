import { MANIFEST_MAX_BYTES, type Manifest, parseManifest, type StorageAdapter } from '@licen/sdk'
import type { Hex } from 'viem'

/** Downloads a dataset manifest by its 0G root (verified, at most `MANIFEST_MAX_BYTES`) and parses it strictly. */
export async function loadManifest(
  storage: StorageAdapter,
  manifestHash: Hex,
  signal?: AbortSignal,
): Promise<Manifest> {
  const stream = await storage.download(manifestHash, signal ? { signal } : {})
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer())
  return parseManifest(bytes.length > MANIFEST_MAX_BYTES ? bytes.subarray(0, MANIFEST_MAX_BYTES + 1) : bytes)
}
