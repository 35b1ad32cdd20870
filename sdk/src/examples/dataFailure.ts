/**
 * Failure codes that say the dataset itself holds nothing to train on (no row, or no trainable row): such a job
 * failed on the owner's data, not on the provider, and provider statistics leave it out.
 */
export const DATA_FAILURE_CODES: readonly string[] = ['DATASET_EMPTY', 'DATASET_NOT_TRAINABLE']

/** Whether a job's failure code (decoded from its bytes32 reason) was caused by the dataset, not the provider. */
export function isDataFailure(code: string): boolean {
  return DATA_FAILURE_CODES.includes(code)
}
