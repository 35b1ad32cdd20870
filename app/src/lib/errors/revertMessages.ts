import type { DataPolicyErrorName } from '@licen/sdk'
import { jobStateName } from '../format/jobState.js'
import { purposes } from '../format/purposes.js'

export type { DataPolicyErrorName }

const at = (args: readonly unknown[], i: number) => args[i]
const time = (unix: unknown) => new Date(Number(unix) * 1000).toLocaleString('en-GB', { timeZone: 'UTC' })
const text32 = (value: unknown) =>
  typeof value === 'string'
    ? (value
        .slice(2)
        .match(/../g)
        ?.map((byte) => Number.parseInt(byte, 16))
        .filter((code) => code > 0)
        .map((code) => String.fromCharCode(code))
        .join('') ?? '')
    : String(value)

/**
 * The one table from contract revert names to sentences a person can act on (the stable codes come from the sdk's
 * `dataPolicyErrorCodes`). Typed against the ABI, so a new contract error without a message fails the type-check.
 */
export const revertMessages: Record<DataPolicyErrorName, (args: readonly unknown[]) => string> = {
  DataPolicy__DatasetExists: () =>
    'This exact encrypted file (same dataset root) is already registered, by you or by an account that claimed it before your commitment. Your key stays safe (it is sealed to you); to publish, encrypt again and upload.',
  DataPolicy__GrantedUnderFormerOwner: () =>
    'This job was granted while another account held a copy of the dataset; its owner has taken the dataset back, so the job cannot start and its escrow is refunded in full.',
  DataPolicy__UnknownDataset: () => 'No dataset is registered under this root.',
  DataPolicy__NotDatasetOwner: () => 'Only the dataset owner can do this; switch to the owner account.',
  DataPolicy__DatasetInactive: () => 'The dataset is delisted: it accepts no new access requests.',
  DataPolicy__PolicyExpired: (a) => `The dataset's policy expired on ${time(at(a, 1))} UTC.`,
  DataPolicy__InvalidPolicy: (a) => `A policy term is out of range: ${text32(at(a, 0))}.`,
  DataPolicy__ZeroHash: () => 'The dataset root and manifest hash must not be empty.',
  DataPolicy__PurposeNotAllowed: (a) =>
    `The dataset's policy does not allow the purpose “${purposes[Number(at(a, 0))] ?? at(a, 0)}”.`,
  DataPolicy__InvalidEpochs: (a) => `Epochs must be between 1 and ${at(a, 1)} for this dataset.`,
  DataPolicy__RequesterCapReached: (a) =>
    `You already hold ${at(a, 0)} open job(s) on this dataset, the most its policy allows.`,
  DataPolicy__WrongPayment: () =>
    'The escrow sent does not match the current price; the terms may have changed. Reload and try again.',
  DataPolicy__InvalidResultKey: () => 'The result key is not a valid compressed public key.',
  DataPolicy__UnknownProvider: (a) => `Provider #${at(a, 0)} does not exist.`,
  DataPolicy__NotProviderOperator: (a) => `Only the operator of provider #${at(a, 0)} can do this.`,
  DataPolicy__ProviderInactive: (a) => `Provider #${at(a, 0)} is deactivated and takes no new jobs.`,
  DataPolicy__InvalidEndpoint: () => 'The provider endpoint must be a URL of at most 256 bytes.',
  DataPolicy__AttestationPolicyNotAllowed: () => 'This attestation policy is not allowed by the protocol.',
  DataPolicy__AttestationPolicyMismatch: () =>
    'The provider was attested under a different policy from the one the dataset requires.',
  DataPolicy__AttestationPolicyWrongRole: () =>
    'This attestation policy has the wrong role: a provider policy cannot vouch for a release key, nor an orchestrator policy for a training node.',
  DataPolicy__InvalidPolicyRole: () =>
    'An attestation policy needs a role (provider or orchestrator), and its role cannot change once set.',
  DataPolicy__InvalidReleaseKey: () => 'The release key is not a valid compressed public key.',
  DataPolicy__ReleaseKeyExists: (a) => `This public key is already registered as release key #${at(a, 0)}.`,
  DataPolicy__UnknownReleaseKey: (a) => `Release key #${at(a, 0)} does not exist.`,
  DataPolicy__InvalidReleaseKeyStatus: (a) =>
    `Release key #${at(a, 0)} is ${['unknown', 'active', 'retired', 'revoked'][Number(at(a, 1))] ?? 'in another state'}, which does not allow this.`,
  DataPolicy__NoActiveReleaseKey: () =>
    'No release key is active on chain: nothing can be sealed until the protocol admin registers one.',
  DataPolicy__NotOrchestrator: () => 'Only the orchestrator can do this.',
  DataPolicy__UnknownJob: (a) => `Job #${at(a, 0)} does not exist.`,
  DataPolicy__InvalidJobState: (a) =>
    `Job #${at(a, 0)} is ${jobStateName(Number(at(a, 1))) ?? 'in another state'}, which does not allow this.`,
  DataPolicy__DeadlinePassed: (a) => `Job #${at(a, 0)} passed its deadline; it can only be reclaimed now.`,
  DataPolicy__DeadlineNotReached: (a) =>
    `Job #${at(a, 0)} can be reclaimed only after its deadline (${time(at(a, 1))} UTC).`,
  DataPolicy__TooManyEpochs: (a) => `${at(a, 0)} epochs is more than the ${at(a, 1)} paid for.`,
  DataPolicy__InvalidSignature: () => 'The signature is not from the job’s enclave key.',
  DataPolicy__ZeroSigner: () => 'The enclave signer must not be the zero address.',
  DataPolicy__ZeroReason: () => 'A failure reason is required.',
  DataPolicy__InvalidFee: () => 'The protocol fee is out of range or the treasury is missing.',
  DataPolicy__NothingToWithdraw: () => 'There is nothing to withdraw for this account.',
  DataPolicy__TransferFailed: () => 'Sending the funds failed; the receiving account refused them.',
  DataPolicy__RenounceOwnershipDisabled: () =>
    'The protocol admin cannot be renounced; hand it over to another account (transfer, then accept) instead.',
  InvalidShortString: () => 'A text value is too long.',
  StringTooLong: () => 'A text value is too long.',
  OwnableInvalidOwner: () => 'The new admin address is invalid.',
  OwnableUnauthorizedAccount: () => 'Only the protocol admin can do this.',
  ReentrancyGuardReentrantCall: () => 'The call was refused (re-entrant call).',
}
