import { parseJsonOrThrow } from '@licen/sdk'
import { AppError } from '../errors/AppError.js'
import { type AppConfig, maxConfigBytes, parseAppConfig } from './appConfig.js'

export type LoadAppConfigParameters = {
  /** Where `config.json` lives; by default next to the page (works under any sub-path). */
  url?: string | URL | undefined
  fetch?: typeof globalThis.fetch | undefined
  timeoutMs?: number | undefined
  signal?: AbortSignal | undefined
}

/** Fetches `config.json` (bounded size, timeout) and validates it; every failure is an `AppError`. */
export async function loadAppConfig(parameters: LoadAppConfigParameters = {}): Promise<AppConfig> {
  const url = parameters.url ?? new URL('config.json', document.baseURI)
  const doFetch = parameters.fetch ?? globalThis.fetch
  const timeout = AbortSignal.timeout(parameters.timeoutMs ?? 10_000)
  const signal = parameters.signal ? AbortSignal.any([parameters.signal, timeout]) : timeout
  let response: Response
  try {
    response = await doFetch(url, { signal, cache: 'no-cache', headers: { accept: 'application/json' } })
  } catch (cause) {
    throw new AppError('The network configuration (config.json) could not be loaded.', {
      code: 'CONFIG_UNREACHABLE',
      cause,
    })
  }
  if (!response.ok)
    throw new AppError('The network configuration (config.json) could not be loaded.', {
      code: 'CONFIG_UNREACHABLE',
      details: `HTTP ${response.status}`,
    })
  const declared = Number(response.headers.get('content-length') ?? '0')
  if (declared > maxConfigBytes) throw tooLarge(declared)
  const text = await response.text()
  if (text.length > maxConfigBytes) throw tooLarge(text.length)
  const json = parseJsonOrThrow(
    text,
    (cause) =>
      new AppError('The network configuration (config.json) is not valid JSON.', {
        code: 'CONFIG_INVALID',
        cause,
      }),
  )
  return parseAppConfig(json)
}

function tooLarge(bytes: number) {
  return new AppError('The network configuration (config.json) is too large.', {
    code: 'CONFIG_INVALID',
    details: `${bytes} bytes, limit ${maxConfigBytes}`,
  })
}
