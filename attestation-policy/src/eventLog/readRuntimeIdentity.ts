import { bytesToHex } from '@noble/hashes/utils'
import type { RuntimeEvent } from './replayRtmr3.js'

/** The app identity dstack records in RTMR3 at boot. */
export type RuntimeIdentity = {
  composeHash: string
  appId: string
  instanceId: string | undefined
  keyProvider: { name: string; id: string } | undefined
}

export type RuntimeIdentityResult =
  | { ok: true; identity: RuntimeIdentity }
  | { ok: false; code: 'EVENT_LOG_AMBIGUOUS' | 'EVENT_LOG_INCOMPLETE'; reason: string }

/**
 * Reads compose hash, app id, instance id and key provider from verified runtime events. Each must appear at most
 * once (compose-hash and app-id exactly once): a repeated identity event is ambiguous and refused.
 */
export function readRuntimeIdentity(events: readonly RuntimeEvent[]): RuntimeIdentityResult {
  const single = (name: string): RuntimeEvent | undefined | 'repeated' => {
    const found = events.filter((event) => event.name === name)
    return found.length > 1 ? 'repeated' : found[0]
  }
  const compose = single('compose-hash')
  const app = single('app-id')
  const instance = single('instance-id')
  const provider = single('key-provider')
  for (const [name, event] of [
    ['compose-hash', compose],
    ['app-id', app],
    ['instance-id', instance],
    ['key-provider', provider],
  ] as const) {
    if (event === 'repeated')
      return { ok: false, code: 'EVENT_LOG_AMBIGUOUS', reason: `${name} is recorded more than once` }
  }
  if (!compose || compose === 'repeated' || compose.payload.length !== 32) {
    return { ok: false, code: 'EVENT_LOG_INCOMPLETE', reason: 'no 32-byte compose-hash event in RTMR3' }
  }
  if (!app || app === 'repeated' || app.payload.length === 0 || app.payload.length > 64) {
    return { ok: false, code: 'EVENT_LOG_INCOMPLETE', reason: 'no app-id event in RTMR3' }
  }
  let keyProvider: RuntimeIdentity['keyProvider']
  if (provider && provider !== 'repeated') {
    try {
      const parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(provider.payload)) as unknown
      const { name, id } = parsed as { name?: unknown; id?: unknown }
      if (typeof name !== 'string' || typeof id !== 'string') throw new Error('fields')
      keyProvider = { name, id: id.toLowerCase() }
    } catch {
      return {
        ok: false,
        code: 'EVENT_LOG_INCOMPLETE',
        reason: 'key-provider event is not {"name","id"} JSON',
      }
    }
  }
  return {
    ok: true,
    identity: {
      composeHash: bytesToHex(compose.payload),
      appId: bytesToHex(app.payload),
      instanceId: instance && instance !== 'repeated' ? bytesToHex(instance.payload) : undefined,
      keyProvider,
    },
  }
}
