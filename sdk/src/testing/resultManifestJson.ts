/** `0x` and `bytes` times `byte` (two hex digits). */
const hex = (bytes: number, byte: string) => `0x${byte.repeat(bytes)}` as const

/**
 * A result manifest of job 7 in its provider API v1 JSON form (`GET /v1/jobs/:jobId/result`: `jobId` a string),
 * every hash a distinct repeated byte.
 */
export const resultManifestJson = {
  jobId: '7',
  datasetRoot: hex(32, '01'),
  resultRoot: hex(32, '02'),
  codeHash: hex(32, '03'),
  attestationRef: hex(32, '04'),
  actualEpochs: 2,
  receiptsHead: hex(32, '05'),
}
