/** What the error page says for an HTTP-like `status` at the app route `path` (the hash, without `#`). */
export function errorPageText(status: number, path: string): { title: string; text: string } {
  if (status === 404)
    return {
      title: 'Page not found',
      text: `This app has no page at ${path || '/'}. The link may be mistyped or from another version of LICEN.`,
    }
  return {
    title: 'Something went wrong',
    text: `The page at ${path || '/'} could not be shown (error ${status}).`,
  }
}
