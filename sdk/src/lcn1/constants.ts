/** The four magic bytes every LCN1 stream starts with ("LCN1"). */
export const LCN1_MAGIC = new Uint8Array([0x4c, 0x43, 0x4e, 0x31])
/** Format version written into byte 4 of the header. */
export const LCN1_VERSION = 1
/** Size of the header in bytes; the header is also the AAD of every chunk. */
export const LCN1_HEADER_SIZE = 16
/** Size of the AES-GCM tag appended to every chunk. */
export const LCN1_TAG_SIZE = 16
/** Size of the random nonce prefix stored in the header. */
export const LCN1_NONCE_PREFIX_SIZE = 7
/** Smallest accepted log2(chunkSize): 1 KiB chunks. */
export const LCN1_MIN_CHUNK_SIZE_LOG2 = 10
/** Largest accepted log2(chunkSize): 16 MiB chunks, which bounds what a decryptor buffers. */
export const LCN1_MAX_CHUNK_SIZE_LOG2 = 24
/** Default log2(chunkSize): 1 MiB chunks. */
export const LCN1_DEFAULT_CHUNK_SIZE_LOG2 = 20
/** Chunk indexes are u32, so a stream holds at most 2^32 chunks. */
export const LCN1_MAX_CHUNKS = 2 ** 32
