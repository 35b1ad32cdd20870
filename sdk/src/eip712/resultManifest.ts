import { type Address, type Hex, hashTypedData, recoverTypedDataAddress } from 'viem'
import { type DataPolicyDomain, dataPolicyTypes, type ResultManifest, type TypedDataSigner } from './types.js'
import { assertResultManifest } from './validate.js'

const typed = (domain: DataPolicyDomain, manifest: ResultManifest) => {
  assertResultManifest(manifest)
  return { domain, types: dataPolicyTypes, primaryType: 'ResultManifest' as const, message: manifest }
}

/** EIP-712 digest of a result manifest, equal to `DataPolicy.hashResultManifest`. */
export function hashResultManifest(domain: DataPolicyDomain, manifest: ResultManifest): Hex {
  return hashTypedData(typed(domain, manifest))
}

/** Signs a result manifest with the job's enclave key (any viem-style typed-data signer). */
export function signResultManifest(parameters: {
  signer: TypedDataSigner
  domain: DataPolicyDomain
  manifest: ResultManifest
}): Promise<Hex> {
  return parameters.signer.signTypedData(typed(parameters.domain, parameters.manifest))
}

/** Recovers the address that signed a result manifest. */
export function recoverResultManifestSigner(parameters: {
  domain: DataPolicyDomain
  manifest: ResultManifest
  signature: Hex
}): Promise<Address> {
  return recoverTypedDataAddress({
    ...typed(parameters.domain, parameters.manifest),
    signature: parameters.signature,
  })
}
