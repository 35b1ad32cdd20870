import { readBounded } from '@licen/sdk/http'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils'
import { BaseError } from '../errors.js'
import { rawTopLevelMember } from '../json/scanJson.js'
import { type QuotePlatform, quotePlatform } from '../quote/quotePlatform.js'
import { type Collateral, parseCollateral } from './collateralSchema.js'

/** Intel's root CA CRL, fetched directly when the collateral service has no rootcacrl endpoint (Intel PCS). */
export const INTEL_ROOT_CA_CRL_URL = 'https://certificates.trustedservices.intel.com/IntelSGXRootCA.der'

/** Largest response body read from a PCCS. */
export const MAX_PCCS_RESPONSE_BYTES = 2_097_152

export type PccsParameters = {
  /** PCCS base URL, e.g. https://pccs.example/sgx/certification/v4/ or https://api.trustedservices.intel.com. */
  pccsUrl: string
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number | undefined
  fetch?: typeof fetch | undefined
}

export type FetchCollateralParameters = PccsParameters & {
  /** The quote whose platform (FMSPC, PCK CA, TEE type) selects the collateral. */
  quote: Uint8Array
}

type Response = { status: number; body: Uint8Array; header: (name: string) => string | undefined }

async function get(url: string, parameters: PccsParameters): Promise<Response> {
  const path = new URL(url).pathname
  let response: globalThis.Response
  try {
    response = await (parameters.fetch ?? fetch)(url, {
      signal: AbortSignal.timeout(parameters.timeoutMs ?? 10_000),
    })
  } catch (error) {
    throw new BaseError('The collateral service did not answer.', {
      code: 'PCCS_FETCH_FAILED',
      details: path,
      cause: error,
    })
  }
  const body = await readBounded(response, {
    maxBytes: MAX_PCCS_RESPONSE_BYTES,
    tooLarge: () =>
      new BaseError('The collateral service response is too large.', {
        code: 'PCCS_FETCH_FAILED',
        details: path,
      }),
  })
  return {
    status: response.status,
    body,
    header: (name) => {
      const value = response.headers.get(name)
      return value === null ? undefined : decodeURIComponent(value)
    },
  }
}

function ok(response: Response, what: string): Response {
  if (response.status !== 200) {
    throw new BaseError(`The collateral service refused the ${what} request.`, {
      code: 'PCCS_FETCH_FAILED',
      details: `HTTP ${response.status}`,
    })
  }
  return response
}

function required(response: Response, names: string[], what: string): string {
  for (const name of names) {
    const value = response.header(name)
    if (value) return value
  }
  throw new BaseError(`The ${what} response lacks its issuer chain header.`, {
    code: 'PCCS_FETCH_FAILED',
    details: names.join(' or '),
  })
}

function signedDocument(
  response: Response,
  member: string,
  what: string,
): { text: string; signature: string } {
  const text = new TextDecoder().decode(response.body)
  let parsed: { signature?: unknown }
  try {
    parsed = JSON.parse(text) as { signature?: unknown }
  } catch (error) {
    throw new BaseError(`The ${what} response is not JSON.`, { code: 'PCCS_FETCH_FAILED', cause: error })
  }
  const raw = rawTopLevelMember(text, member)
  if (!raw || typeof parsed.signature !== 'string') {
    throw new BaseError(`The ${what} response lacks ${member} or its signature.`, {
      code: 'PCCS_FETCH_FAILED',
    })
  }
  return { text: raw, signature: parsed.signature }
}

function crlBytes(body: Uint8Array): Uint8Array {
  if (body[0] === 0x30) return body
  const text = new TextDecoder().decode(body).trim()
  if (/^([0-9a-fA-F]{2})+$/.test(text)) return hexToBytes(text)
  throw new BaseError('The root CA CRL is neither DER nor hex.', { code: 'PCCS_FETCH_FAILED' })
}

/**
 * Fetches DCAP collateral for a quote from a PCCS (or Intel PCS): PCK CRL, TCB info and QE identity with their
 * issuer chains, and the root CA CRL. Signed documents are kept byte-exact; the result is validated.
 */
export function fetchCollateral(parameters: FetchCollateralParameters): Promise<Collateral> {
  return fetchPlatformCollateral(quotePlatform(parameters.quote), parameters)
}

/** Fetches the collateral published for one platform (see fetchCollateral). */
export async function fetchPlatformCollateral(
  platform: QuotePlatform,
  parameters: PccsParameters,
): Promise<Collateral> {
  const { fmspc, ca, teeType: tee } = platform
  const base = parameters.pccsUrl.replace(/\/+$/, '').replace(/\/(sgx|tdx)\/certification\/v4$/, '')
  const pckCrl = ok(
    await get(`${base}/sgx/certification/v4/pckcrl?ca=${ca}&encoding=der`, parameters),
    'PCK CRL',
  )
  const tcb = ok(await get(`${base}/${tee}/certification/v4/tcb?fmspc=${fmspc}`, parameters), 'TCB info')
  const qe = ok(
    await get(`${base}/${tee}/certification/v4/qe/identity?update=standard`, parameters),
    'QE identity',
  )
  let rootCrl = await get(`${base}/sgx/certification/v4/rootcacrl`, parameters)
  if (rootCrl.status === 404) rootCrl = await get(INTEL_ROOT_CA_CRL_URL, parameters)
  const tcbInfo = signedDocument(tcb, 'tcbInfo', 'TCB info')
  const qeIdentity = signedDocument(qe, 'enclaveIdentity', 'QE identity')
  try {
    return parseCollateral({
      pck_crl_issuer_chain: required(pckCrl, ['SGX-PCK-CRL-Issuer-Chain'], 'PCK CRL'),
      root_ca_crl: bytesToHex(crlBytes(ok(rootCrl, 'root CA CRL').body)),
      pck_crl: bytesToHex(crlBytes(pckCrl.body)),
      tcb_info_issuer_chain: required(
        tcb,
        ['TCB-Info-Issuer-Chain', 'SGX-TCB-Info-Issuer-Chain'],
        'TCB info',
      ),
      tcb_info: tcbInfo.text,
      tcb_info_signature: tcbInfo.signature,
      qe_identity_issuer_chain: required(qe, ['SGX-Enclave-Identity-Issuer-Chain'], 'QE identity'),
      qe_identity: qeIdentity.text,
      qe_identity_signature: qeIdentity.signature,
    })
  } catch (error) {
    if (error instanceof BaseError && error.code === 'COLLATERAL_INVALID') {
      throw new BaseError('The collateral service returned malformed collateral.', {
        code: 'PCCS_FETCH_FAILED',
        details: error.details,
        cause: error,
      })
    }
    throw error
  }
}
