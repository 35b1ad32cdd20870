/** Amounts the contract must have settled, computed from the job's snapshotted terms (DataPolicy `_settle`). */
export function expectedSettlement(terms: {
  royaltyPerEpoch: bigint
  pricePerEpoch: bigint
  feeBps: number
  epochs: number
  actualEpochs: number
}) {
  const actual = BigInt(terms.actualEpochs)
  let ownerAmount = terms.royaltyPerEpoch * actual
  let providerAmount = terms.pricePerEpoch * actual
  const refund = (terms.royaltyPerEpoch + terms.pricePerEpoch) * BigInt(terms.epochs - terms.actualEpochs)
  const ownerFee = (ownerAmount * BigInt(terms.feeBps)) / 10_000n
  const providerFee = (providerAmount * BigInt(terms.feeBps)) / 10_000n
  ownerAmount -= ownerFee
  providerAmount -= providerFee
  return { ownerAmount, providerAmount, feeAmount: ownerFee + providerFee, refund }
}
