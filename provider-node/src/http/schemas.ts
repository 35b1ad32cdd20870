import { z } from 'zod'

const hex = (bytes: number) => z.string().regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`))

/** Largest sealed key accepted (the SDK's envelope maximum is 1024 bytes). */
const MAX_SEALED_KEY_BYTES = 1024

/** `POST /v1/jobs/:jobId/attest` body. */
export const attestBodySchema = z.strictObject({
  /** Fresh 32-byte nonce from the orchestrator. */
  nonce: hex(32),
  chainId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  dataPolicy: hex(20),
})

/** `POST /v1/jobs/:jobId/start` body. */
export const startBodySchema = z.strictObject({
  /** The dataset key sealed to this job's encryption key (`sealJobKey`). */
  sealedKey: z
    .string()
    .regex(/^0x([0-9a-fA-F]{2})+$/)
    .max(2 + 2 * MAX_SEALED_KEY_BYTES),
  spec: z.strictObject({
    datasetRoot: hex(32),
    epochs: z.number().int().min(1).max(65_535),
    /** 33-byte compressed secp256k1 key. */
    resultPubKey: z.string().regex(/^0x0[23][0-9a-fA-F]{64}$/),
  }),
})

const JOB_ID = /^(0|[1-9][0-9]{0,77})$/

/** Parses a decimal uint256 job id from the path; undefined when it is not one. */
export function parseJobId(text: string): bigint | undefined {
  if (!JOB_ID.test(text)) return undefined
  const value = BigInt(text)
  return value < 2n ** 256n ? value : undefined
}
