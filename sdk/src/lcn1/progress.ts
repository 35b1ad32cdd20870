/** Progress of an LCN1 stream, in plaintext bytes. */
export type Lcn1Progress = {
  /** Plaintext bytes encrypted (or decrypted and authenticated) so far. */
  bytes: number
  /** Total plaintext bytes when known. */
  totalBytes: number | undefined
}
