/** Roles an attestation policy file declares, as its `role` field spells them. */
export type PolicyRoleName = 'provider' | 'orchestrator'

/**
 * Values of the contract's `PolicyRole` enum (`IDataPolicy.PolicyRole`) by role name. `None` (0) marks a hash the
 * admin never set and is never written.
 */
export const policyRoleValue = { provider: 1, orchestrator: 2 } as const satisfies Record<
  PolicyRoleName,
  number
>

/** The role name of an on-chain `PolicyRole` value; undefined for `None` (0) or an unknown value. */
export function policyRoleName(value: number): PolicyRoleName | undefined {
  if (value === policyRoleValue.provider) return 'provider'
  if (value === policyRoleValue.orchestrator) return 'orchestrator'
  return undefined
}
