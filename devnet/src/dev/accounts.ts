import { anvilPrivateKeys } from '@licen/contracts'
import type { Address, Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

/** Which anvil dev account plays which role on the devnet (the app offers 1–3 by these roles). */
export const DEV_ROLES = {
  admin: 0,
  owner: 1,
  researcher: 2,
  operator: 3,
  orchestrator: 4,
  secondOwner: 5,
  secondResearcher: 6,
  demoOperator: 7,
} as const

/** A devnet role name. */
export type DevRole = keyof typeof DEV_ROLES

/** What each role does, for the summary. */
export const ROLE_DESCRIPTIONS: Record<DevRole, string> = {
  admin: 'admin (deployer, contract owner)',
  owner: 'dataset owner',
  researcher: 'researcher',
  operator: 'provider operator (devnet provider)',
  orchestrator: 'orchestrator wallet (orchestrator role)',
  secondOwner: 'second dataset owner',
  secondResearcher: 'second researcher',
  demoOperator: 'demo provider operator (pnpm demo --fail)',
}

/** The key and address of a role's anvil account (anvil's public test keys: devnet only). */
export function devAccount(role: DevRole): { address: Address; privateKey: Hex } {
  const privateKey = anvilPrivateKeys[DEV_ROLES[role]]
  return { address: privateKeyToAccount(privateKey).address, privateKey }
}
