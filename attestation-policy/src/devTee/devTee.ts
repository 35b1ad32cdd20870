import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils'
import type { Collateral } from '../collateral/collateralSchema.js'
import { BaseError } from '../errors.js'
import type { EventLogEntry } from '../eventLog/eventLogSchema.js'
import { createDevImage, DEV_APP_COMPOSE, type DevImage } from './devImage.js'
import { createDevKeyProvider } from './devKeys.js'
import type { DevTeeState } from './devTeeState.js'
import { mockCollateral } from './mockCollateral.js'
import { createMockPki, type MockPki } from './mockPki.js'
import { mockTdxQuote, TD_ATTRIBUTES_DEBUG, TD_ATTRIBUTES_PRODUCTION } from './mockQuote.js'
import { bootRuntimeEvents, type RuntimeEventInput, rtmr3Of, runtimeEntries } from './runtimeEventLog.js'

/** Most runtime events an app may emit after boot, and their size limits. */
export const MAX_EMITTED_EVENTS = 256
export const MAX_EVENT_PAYLOAD_BYTES = 4096
const EVENT_NAME = /^[A-Za-z0-9._:-]{1,64}$/
const BOOT_EVENT_NAMES = new Set([
  'system-preparing',
  'app-id',
  'compose-hash',
  'instance-id',
  'boot-mr-done',
  'key-provider',
  'system-ready',
])

export type DevTeeParameters = {
  state: DevTeeState
  /** The image whose MRTD/RTMR0-2 the quotes carry (default: the dev image pinned in policies/local.json). */
  image?: DevImage | undefined
  /** app-compose text whose sha256 is the compose hash (default: the provider's dev compose). */
  appCompose?: string | undefined
  /** A compose hash to record instead of hashing `appCompose` (hex, 32 bytes). */
  composeHash?: string | undefined
  /** Quote a debuggable TD (every verifier must refuse it). */
  debug?: boolean | undefined
  /** Unix seconds now (tests pin it). */
  now: () => number
  /** Validity of the collateral it issues (default 30 days); reissued daily. */
  collateralValiditySeconds?: number | undefined
}

/** A development TDX guest: identity, event log, quotes, keys and collateral, without HTTP. */
export type DevTee = {
  pki: MockPki
  image: DevImage
  composeHash: string
  appId: string
  instanceId: string
  keyProviderId: string
  eventLog: () => EventLogEntry[]
  rtmr3: () => string
  quote: (reportData: Uint8Array) => { quote: Uint8Array; eventLog: string }
  emitEvent: (name: string, payload: Uint8Array) => void
  getKey: (path: string, purpose: string) => { key: string; signature_chain: string[] }
  collateral: () => Collateral
  info: () => Record<string, unknown>
}

/** Creates a development TEE from persisted state. */
export function createDevTee(parameters: DevTeeParameters): DevTee {
  const image = parameters.image ?? createDevImage()
  const appCompose = parameters.appCompose ?? (parameters.composeHash ? '' : DEV_APP_COMPOSE)
  const composeHashBytes = parameters.composeHash
    ? hexToBytes(parameters.composeHash)
    : sha256(utf8ToBytes(appCompose))
  if (composeHashBytes.length !== 32)
    throw new BaseError('composeHash must be 32 bytes of hex.', { code: 'INPUT_INVALID' })
  const appId = composeHashBytes.slice(0, 20)
  const pki = createMockPki(parameters.state.pkiSeed)
  const keys = createDevKeyProvider(parameters.state.pkiSeed, appId)
  const keyProvider = { name: 'dev-mock', id: keys.rootPublicKey }
  const runtime: RuntimeEventInput[] = bootRuntimeEvents({
    appId,
    composeHash: composeHashBytes,
    instanceId: parameters.state.instanceId,
    keyProvider,
  })
  const bootCount = runtime.length
  const eventLog = () => [...image.bootEvents, ...runtimeEntries(runtime)]
  const rtmr3 = () => rtmr3Of(runtime)
  const validity = parameters.collateralValiditySeconds ?? 30 * 86_400
  let issued: { at: number; collateral: Collateral } | undefined
  const composeHash = bytesToHex(composeHashBytes)
  const instanceId = bytesToHex(parameters.state.instanceId)

  return {
    pki,
    image,
    composeHash,
    appId: bytesToHex(appId),
    instanceId,
    keyProviderId: keys.rootPublicKey,
    eventLog,
    rtmr3,
    quote(reportData) {
      if (reportData.length > 64)
        throw new BaseError('Report data is longer than 64 bytes.', { code: 'INPUT_INVALID' })
      const padded = new Uint8Array(64)
      padded.set(reportData)
      const quote = mockTdxQuote(pki, {
        mrtd: image.mrtd,
        rtmr0: image.rtmr0,
        rtmr1: image.rtmr1,
        rtmr2: image.rtmr2,
        rtmr3: rtmr3(),
        reportData: bytesToHex(padded),
        tdAttributes: parameters.debug ? TD_ATTRIBUTES_DEBUG : TD_ATTRIBUTES_PRODUCTION,
      })
      return { quote, eventLog: JSON.stringify(eventLog()) }
    },
    emitEvent(name, payload) {
      if (!EVENT_NAME.test(name) || BOOT_EVENT_NAMES.has(name)) {
        throw new BaseError('Event name is not allowed.', {
          code: 'INPUT_INVALID',
          details: 'use 1-64 of A-Z a-z 0-9 . _ : - and no boot event name',
        })
      }
      if (payload.length > MAX_EVENT_PAYLOAD_BYTES)
        throw new BaseError('Event payload is too large.', { code: 'INPUT_INVALID' })
      if (runtime.length - bootCount >= MAX_EMITTED_EVENTS)
        throw new BaseError('Too many events emitted.', { code: 'INPUT_INVALID' })
      runtime.push({ name, payload })
    },
    getKey: (path, purpose) => keys.getKey(path, purpose),
    collateral() {
      const now = parameters.now()
      if (!issued || now - issued.at > 86_400 || now < issued.at) {
        const at = now - 60
        issued = { at, collateral: mockCollateral(pki, { issuedAt: at, validitySeconds: validity }) }
      }
      return issued.collateral
    },
    info() {
      const keyProviderInfo = JSON.stringify(keyProvider)
      return {
        app_id: bytesToHex(appId),
        instance_id: instanceId,
        app_cert: '',
        app_name: 'licen-dev-tee',
        device_id: '00'.repeat(32),
        mr_aggregated: '',
        os_image_hash: image.osImageHash,
        compose_hash: composeHash,
        key_provider_info: keyProviderInfo,
        vm_config: image.vmConfig,
        tcb_info: JSON.stringify({
          mrtd: image.mrtd,
          rtmr0: image.rtmr0,
          rtmr1: image.rtmr1,
          rtmr2: image.rtmr2,
          rtmr3: rtmr3(),
          mr_aggregated: '',
          os_image_hash: image.osImageHash,
          compose_hash: composeHash,
          device_id: '00'.repeat(32),
          app_compose: appCompose,
          event_log: eventLog(),
        }),
      }
    },
  }
}
