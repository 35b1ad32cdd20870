/**
 * Formats a measured quantity (a mean, a length) for reading: whole numbers from 10 up, one decimal below,
 * thousands grouped: `354.783` → `355`, `2.25` → `2.3`, `12345.6` → `12,346`.
 */
export function formatQuantity(value: number): string {
  if (!Number.isFinite(value)) return '—'
  const digits = Math.abs(value) >= 10 || Number.isInteger(value) ? 0 : 1
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
}
