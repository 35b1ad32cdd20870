/** Terms that price a job: the dataset's royalty and the provider's price per epoch, and the epochs paid for. */
export type JobEscrowParameters = { royaltyPerEpoch: bigint; pricePerEpoch: bigint; epochs: number }

/** Escrow a job holds: `(royaltyPerEpoch + pricePerEpoch) × epochs`, exactly as `requestAccess` requires it. */
export function jobEscrow({ royaltyPerEpoch, pricePerEpoch, epochs }: JobEscrowParameters): bigint {
  return (royaltyPerEpoch + pricePerEpoch) * BigInt(epochs)
}
