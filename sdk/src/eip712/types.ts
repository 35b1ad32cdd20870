import { dataPolicyDomainName, dataPolicyDomainVersion, dataPolicyTypes } from '@licen/contracts/abi'
import type { Address, Hex, TypedDataDefinition } from 'viem'

/** EIP-712 domain of a DataPolicy deployment: name `LICEN DataPolicy`, version `1`, chain id, contract. */
export type DataPolicyDomain = {
  name: typeof dataPolicyDomainName
  version: typeof dataPolicyDomainVersion
  chainId: number
  verifyingContract: Address
}

/** Builds the EIP-712 domain of the DataPolicy contract at `verifyingContract` on `chainId`. */
export function dataPolicyDomain(parameters: {
  chainId: number
  verifyingContract: Address
}): DataPolicyDomain {
  return {
    name: dataPolicyDomainName,
    version: dataPolicyDomainVersion,
    chainId: parameters.chainId,
    verifyingContract: parameters.verifyingContract,
  }
}

/** EIP-712 types of the DataPolicy messages, exactly as `DataPolicy.sol` hashes them (defined in `@licen/contracts/abi`). */
export { dataPolicyTypes }

/** Each DataPolicy message as a TypeScript object, derived from {@link dataPolicyTypes} (field docs there). */
type Message<name extends keyof typeof dataPolicyTypes> = TypedDataDefinition<
  typeof dataPolicyTypes,
  name
>['message']

/** The result manifest the job's enclave key signs to settle a job. */
export type ResultManifest = Message<'ResultManifest'>

/** One finished epoch, signed by the job's enclave key and chained to the previous receipt. */
export type EpochReceipt = Message<'EpochReceipt'>

/** A failure the job's enclave key signs; settles the job with a full refund. */
export type FailureReport = Message<'FailureReport'>

/**
 * Anything that signs EIP-712 typed data the way a viem account does: a `LocalAccount`, or a wrapper such as
 * `{ signTypedData: (typedData) => walletClient.signTypedData({ account, ...typedData }) }`.
 */
export type TypedDataSigner = {
  // Method syntax on purpose: viem's generic `signTypedData` is then accepted as is.
  signTypedData(
    typedData: TypedDataDefinition<typeof dataPolicyTypes, keyof typeof dataPolicyTypes>,
  ): Promise<Hex>
}
