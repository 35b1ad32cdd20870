import { sha256, sha384 } from '@noble/hashes/sha2'
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils'
import type { EventLogEntry } from '../eventLog/eventLogSchema.js'
import { extendRtmr } from '../eventLog/replayRtmr3.js'

/** TCG EV_IPL: the type the dev image uses for its boot measurements. */
const EV_IPL = 0x0000000d

/**
 * The development image: what a dstack OS image measures into MRTD and RTMR0-2, replaced by fixed, labelled
 * inputs. Everything is a pure function of these strings, so every checkout computes the same golden values
 * (pinned in policies/local.json and checked by a test).
 */
export type DevImage = {
  name: string
  osImageHash: string
  mrtd: string
  rtmr0: string
  rtmr1: string
  rtmr2: string
  /** IMR 0-2 events whose digests replay to RTMR0-2 (as a real boot log would). */
  bootEvents: EventLogEntry[]
  /** vm_config JSON the agent reports. */
  vmConfig: string
}

/** Builds a dev image from its name; the measured inputs are derived from it. */
export function createDevImage(name = 'licen-dev-image-v1'): DevImage {
  const boot: [imr: number, text: string][] = [
    [0, `${name}: virtual firmware (mock TDVF, no TDX module)`],
    [0, `${name}: ACPI tables and VM shape 2 vCPU / 4 GiB`],
    [1, `${name}: kernel (mock)`],
    [2, `${name}: kernel command line console=ttyS0 licen.dev=1`],
    [2, `${name}: initramfs (mock)`],
  ]
  const bootEvents: EventLogEntry[] = boot.map(([imr, text]) => {
    const payload = utf8ToBytes(text)
    return {
      imr,
      event_type: EV_IPL,
      digest: bytesToHex(sha384(payload)),
      event: '',
      event_payload: bytesToHex(payload),
    }
  })
  const rtmr = (imr: number) =>
    bytesToHex(
      bootEvents
        .filter((event) => event.imr === imr)
        .reduce<Uint8Array>((mr, event) => extendRtmr(mr, hexToBytes(event.digest!)), new Uint8Array(48)),
    )
  const osImageHash = bytesToHex(sha256(utf8ToBytes(`licen/dev-image/${name}`)))
  return {
    name,
    osImageHash,
    mrtd: bytesToHex(sha384(utf8ToBytes(`licen/dev-image/${name}/mrtd`))),
    rtmr0: rtmr(0),
    rtmr1: rtmr(1),
    rtmr2: rtmr(2),
    bootEvents,
    vmConfig: JSON.stringify({
      spec_version: 1,
      os_image_hash: osImageHash,
      cpu_count: 2,
      memory_size: 4294967296,
      dev_mock: true,
    }),
  }
}

/** The development image every devnet boots. */
export const DEV_IMAGE: DevImage = createDevImage()

/**
 * The provider's development app-compose (what dstack hashes into compose-hash). Its sha256 is pinned in
 * policies/local.json; change it and update the policy (a test fails until both agree).
 */
export const DEV_APP_COMPOSE = JSON.stringify({
  manifest_version: 2,
  name: 'licen-provider-dev',
  runner: 'docker-compose',
  docker_compose_file:
    'services:\n  provider:\n    image: licen/provider-node:dev\n    volumes:\n      - /var/run/dstack.sock:/var/run/dstack.sock\n',
  kms_enabled: false,
  gateway_enabled: false,
  local_key_provider_enabled: false,
  public_logs: true,
  public_sysinfo: true,
  no_instance_id: false,
})

/**
 * The orchestrator's development app-compose: its own app (own compose hash, hence own app id and derived keys),
 * not the provider's. Its sha256 is pinned in policies/local-orchestrator.json.
 */
export const DEV_ORCHESTRATOR_APP_COMPOSE = JSON.stringify({
  manifest_version: 2,
  name: 'licen-orchestrator-dev',
  runner: 'docker-compose',
  docker_compose_file:
    'services:\n  orchestrator:\n    image: licen/orchestrator:dev\n    volumes:\n      - /var/run/dstack.sock:/var/run/dstack.sock\n',
  kms_enabled: false,
  gateway_enabled: false,
  local_key_provider_enabled: false,
  public_logs: true,
  public_sysinfo: true,
  no_instance_id: false,
})

/** sha256 of an app-compose text: dstack's compose hash (lowercase hex). */
export function composeHashOf(appCompose: string): string {
  return bytesToHex(sha256(utf8ToBytes(appCompose)))
}
