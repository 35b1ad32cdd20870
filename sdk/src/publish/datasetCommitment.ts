import { type Address, encodeAbiParameters, type Hex, keccak256 } from 'viem'

/** The commitment `commitDataset` records for `owner` registering `datasetRoot`: keccak256(abi.encode(owner, root)). */
export function datasetCommitment(owner: Address, datasetRoot: Hex): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'address' }, { type: 'bytes32' }],
      [owner, datasetRoot.toLowerCase() as Hex],
    ),
  )
}
