/** Purposes by bit index of `allowedPurposes` (docs/ENGINEERING.md). */
export const purposes = ['research', 'commercial', 'evaluation', 'safety', 'education'] as const

export type PurposeName = (typeof purposes)[number]

/** Names of the purposes allowed by a bitmap, in bit order; unknown bits are listed as `purpose <i>`. */
export function purposeNames(bitmap: number): string[] {
  const names: string[] = []
  for (let bit = 0; bit < 32; bit++) {
    if ((bitmap >>> bit) & 1) names.push(purposes[bit] ?? `purpose ${bit}`)
  }
  return names
}

/** Bitmap allowing exactly the given purpose ids. */
export function purposeBitmap(ids: readonly number[]): number {
  let bitmap = 0
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 0 || id > 31) throw new RangeError(`purpose id ${id} is outside 0..31`)
    bitmap = (bitmap | (1 << id)) >>> 0
  }
  return bitmap
}

/** Whether the bitmap allows purpose `id`. */
export function allowsPurpose(bitmap: number, id: number): boolean {
  return id >= 0 && id < 32 && ((bitmap >>> id) & 1) === 1
}
