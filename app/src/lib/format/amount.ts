import { formatUnits } from 'viem'

/** Formats a wei amount with the currency symbol, trimming to at most `maxDecimals` fraction digits. */
export function formatAmount(wei: bigint, symbol: string, decimals = 18, maxDecimals = 6): string {
  const negative = wei < 0n
  const [whole, fraction = ''] = formatUnits(negative ? -wei : wei, decimals).split('.')
  const trimmed = fraction.slice(0, maxDecimals).replace(/0+$/, '')
  const tiny = wei !== 0n && whole === '0' && trimmed === ''
  const body = tiny ? `<0.${'0'.repeat(maxDecimals - 1)}1` : trimmed ? `${whole}.${trimmed}` : whole
  return `${negative ? '-' : ''}${body} ${symbol}`
}
