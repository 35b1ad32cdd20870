/** The audit shortcut's job number: a whole number from 1, or a field error (the input is free text). */
export function parseJobNumber(value: string): { ok: true; jobId: bigint } | { ok: false; error: string } {
  const text = value.trim().replace(/^#/, '')
  if (!/^[0-9]{1,20}$/.test(text) || BigInt(text) === 0n)
    return { ok: false, error: 'Enter a job number such as 1 (the # is optional).' }
  return { ok: true, jobId: BigInt(text) }
}
