/**
 * One shard of a batch: whole examples packed back to back without padding. Token t of the shard is at
 * `positions[t]` in its example; example s is tokens `sequences[s]..sequences[s+1]`. Loss positions (a learned next
 * token) are listed in ascending order with their targets; `lossSequences` delimits them per example.
 */
export type Shard = {
  tokens: number
  ids: Int32Array
  positions: Int32Array
  sequences: Int32Array
  lossRows: Int32Array
  lossPositions: Int32Array
  lossTargets: Int32Array
  lossSequences: Int32Array
  /** Longest example in the shard. */
  longest: number
}
