import type { VerdictCode } from './verdict.js'

const rules: [RegExp, VerdictCode, string][] = [
  [/TCBInfo expired/, 'COLLATERAL_EXPIRED', 'the TCB info is past its next update: fetch fresh collateral'],
  [/Debug mode is enabled/, 'DEBUG_TD', 'the TD runs in debug mode: its memory is readable by the host'],
  [/UnknownIssuer/, 'UNTRUSTED_ROOT', 'a certificate chain does not lead to the trusted root CA'],
  [/CertRevoked/, 'CERT_REVOKED', 'a certificate in the chain is revoked by its CRL'],
  [
    /CertExpired|CertNotValidYet/,
    'CERT_EXPIRED',
    'a certificate in the chain is outside its validity period',
  ],
  [
    /Crl|CRL|RevocationStatus|IssuerNotCrlSigner/,
    'COLLATERAL_CRL_INVALID',
    'a CRL is malformed, not signed by its issuer or expired: fetch fresh collateral',
  ],
  [
    /Failed to decode quote|Unsupported DCAP|attestation key type|PCK cert format/,
    'QUOTE_UNSUPPORTED',
    'the quote format is not supported',
  ],
  [
    /signature is invalid|QE report hash mismatch/,
    'QUOTE_SIGNATURE_INVALID',
    'a quote signature does not verify: the quote was altered',
  ],
  [
    /Fmspc mismatch|non-TDX TCB info|TcbInfo|TCB info|No (SGX|TDX) components/,
    'COLLATERAL_MISMATCH',
    "the collateral does not belong to this quote's platform",
  ],
  [
    /missing field|invalid type|invalid value|Failed to (decode|parse)/,
    'COLLATERAL_INVALID',
    'the collateral is malformed',
  ],
]

/** Maps a dcap-qvl refusal message to a stable code and an actionable reason (the raw message is kept). */
export function classifyDcapRefusal(message: string): { code: VerdictCode; reason: string } {
  for (const [pattern, code, explanation] of rules) {
    if (pattern.test(message)) return { code, reason: `${explanation} (dcap-qvl: ${message})` }
  }
  return { code: 'DCAP_REFUSED', reason: `dcap-qvl refused the quote: ${message}` }
}
