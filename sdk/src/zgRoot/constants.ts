/** Bytes per 0G Storage chunk (one Merkle leaf). */
export const CHUNK_SIZE = 256
/** Chunks per 0G Storage segment. */
export const SEGMENT_CHUNKS = 1024
/** Bytes per 0G Storage segment (256 KiB). */
export const SEGMENT_SIZE = CHUNK_SIZE * SEGMENT_CHUNKS
/** Height of a full segment's subtree above its chunk leaves. */
export const SEGMENT_HEIGHT = 10
