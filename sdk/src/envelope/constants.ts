/** Domain tag of a dataset key sealed to the release key (context: datasetRoot, owner = the publishing account). */
export const DATASET_KEY_DOMAIN = 'licen/dataset-key/v2'
/**
 * Domain tag of a dataset key sealed to its owner's wallet-derived dataset owner key, the manifest's owner envelope
 * (context: datasetRoot, owner).
 */
export const DATASET_OWNER_KEY_DOMAIN = 'licen/dataset-owner-key/v1'
/** Domain tag of a dataset key re-sealed to a provider's per-job key (context: chainId, contract, jobId, datasetRoot). */
export const JOB_KEY_DOMAIN = 'licen/job-key/v1'
/** Domain tag of a result key sealed to the researcher's result key (context: chainId, contract, jobId). */
export const RESULT_KEY_DOMAIN = 'licen/result-key/v1'
/** Largest envelope accepted: ECIES overhead (97 B) plus a payload well above the longest context. */
export const ENVELOPE_MAX_SIZE = 1024
/** ECIES (eciesjs defaults): uncompressed ephemeral key 65 ‖ nonce 16 ‖ tag 16 ‖ ciphertext. */
export const ENVELOPE_OVERHEAD = 97
