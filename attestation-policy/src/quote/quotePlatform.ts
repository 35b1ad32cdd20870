import { BaseError } from '../errors.js'
import { parseQuote } from './parseQuote.js'
import { readPckExtension } from './pckExtension.js'

/** What selects a quote's collateral: TEE type, FMSPC and the Intel CA that issued its PCK certificate. */
export type QuotePlatform = { teeType: 'tdx' | 'sgx'; fmspc: string; ca: 'processor' | 'platform' }

/** Reads the platform a quote's collateral is published for. */
export function quotePlatform(quote: Uint8Array): QuotePlatform {
  const parsed = parseQuote(quote)
  const pck = parsed.pckChain[0]
  if (!pck) throw new BaseError('The quote carries no PCK certificate chain.', { code: 'QUOTE_INVALID' })
  const { fmspc, ca } = readPckExtension(pck)
  return { teeType: parsed.teeType, fmspc, ca }
}
