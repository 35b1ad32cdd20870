type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json | undefined }

function sortKeys(value: Json | undefined): Json | undefined {
  if (Array.isArray(value)) return value.map((item) => sortKeys(item) ?? null)
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, Json> = {}
  for (const key of Object.keys(value).sort()) {
    const item = sortKeys((value as Record<string, Json | undefined>)[key])
    if (item !== undefined) out[key] = item
  }
  return out
}

/** JSON with object keys sorted at every level and no whitespace, as UTF-8 bytes: one encoding per value. */
export function canonicalJson(value: Json): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(sortKeys(value)))
}

export type { Json }
