/** Magic of the adapter container (the plaintext of a result object). */
export const ADAPTER_CONTAINER_MAGIC = 'LCNA'
/** Adapter container format version this code writes and reads. */
export const ADAPTER_CONTAINER_VERSION = 1
/** Bytes before the header JSON: magic(4) ‖ version(1) ‖ u32be headerLength(4). */
export const ADAPTER_CONTAINER_PREFIX_SIZE = 9
/** Largest header JSON accepted (bytes). */
export const ADAPTER_CONTAINER_MAX_HEADER_SIZE = 65_536
/** Most files one container may hold. */
export const ADAPTER_CONTAINER_MAX_FILES = 16

/** Magic of the result object (what a job's `resultRoot` points at). */
export const RESULT_OBJECT_MAGIC = 'LCNR'
/** Result object format version this code writes and reads. */
export const RESULT_OBJECT_VERSION = 1
/** Bytes before the envelope: magic(4) ‖ version(1) ‖ u16be envelopeLength(2). */
export const RESULT_OBJECT_PREFIX_SIZE = 7
/** Largest key envelope accepted inside a result object (bytes); a sealed 32-byte key needs a few hundred. */
export const RESULT_OBJECT_MAX_ENVELOPE_SIZE = 4096

/** The two files of a PEFT LoRA adapter, in the order the provider writes them. */
export const ADAPTER_FILE_NAMES = ['adapter_config.json', 'adapter_model.safetensors'] as const

/** The container file holding the job's signed epoch receipts (written after the adapter files). */
export const RESULT_RECEIPTS_FILE_NAME = 'licen_receipts.json'
/** Most receipts one result may hold: `epochs` is a uint16, and a result has one receipt per finished epoch. */
export const RESULT_RECEIPTS_MAX_COUNT = 65_535
/**
 * Largest receipts file accepted (bytes): 65,535 receipts of at most 575 bytes each (a 78-digit job id, 20-digit
 * samples and loss), commas and brackets make 37,748,161 bytes; rounded up to 36 MiB.
 */
export const RESULT_RECEIPTS_MAX_SIZE = 36 * 2 ** 20
