import type { Address, Hex } from 'viem'
import { DEV_ORCHESTRATOR_APP_COMPOSE } from '../src/devTee/devImage.js'
import type { DevTeeParameters } from '../src/devTee/devTee.js'
import { buildReleaseKeyEvidence } from '../src/releaseKey/releaseKeyEvidence.js'
import { type ReleaseKeyBinding, releaseKeyReportData } from '../src/releaseKey/releaseKeyReportData.js'
import { DEV_NOW, devTee } from './devEvidence.js'

/** The devnet binding the release-key tests use. */
export const RELEASE_BINDING: ReleaseKeyBinding = {
  chainId: 31337,
  dataPolicy: `0x${'5f'.repeat(20)}` as Address,
  publicKey: `0x02${'a7'.repeat(32)}` as Hex,
}

/**
 * The evidence JSON an orchestrator dev TEE produces for a release key: its quote binds `quoted` (default: the
 * binding the document names), so tests can make evidence whose quote binds another key, chain or contract.
 */
export function devReleaseKeyEvidence(
  parameters: {
    binding?: ReleaseKeyBinding
    quoted?: ReleaseKeyBinding
    tee?: Partial<DevTeeParameters>
  } = {},
): string {
  const binding = parameters.binding ?? RELEASE_BINDING
  const tee = devTee({ appCompose: DEV_ORCHESTRATOR_APP_COMPOSE, ...parameters.tee })
  const { quote, eventLog } = tee.quote(releaseKeyReportData(parameters.quoted ?? binding))
  return buildReleaseKeyEvidence({
    ...binding,
    quote,
    eventLog,
    collateral: tee.collateral(),
    createdAt: DEV_NOW,
  })
}
