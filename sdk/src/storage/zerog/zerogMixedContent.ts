import { StorageError } from '../StorageError.js'

// Browsers treat loopback as potentially trustworthy: http://127.0.0.1 from an https page is not mixed content.
const LOOPBACK = /^http:\/\/(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?(?:\/|$)/i

/**
 * Fails before any transfer starts when the page is served over https (an app on a domain or an IPFS gateway)
 * and some 0G nodes are plain `http://IP:port`: the browser would block every request to them as mixed content.
 * A deployment needs those nodes behind an https gateway or reverse proxy (their URLs as the indexer lists them).
 */
export function assertNoMixedContent(urls: readonly string[], pageProtocol: string | undefined): void {
  if (pageProtocol !== 'https:') return
  const blocked = urls.filter((url) => url.startsWith('http:') && !LOOPBACK.test(url))
  if (blocked.length === 0) return
  throw new StorageError('The browser blocks these 0G storage nodes as mixed content.', {
    code: 'STORAGE_UNAVAILABLE',
    details: `this page is https and ${blocked.length} of ${urls.length} nodes are plain http; reach them through an https gateway or proxy`,
  })
}
