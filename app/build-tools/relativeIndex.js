import { readFileSync, writeFileSync } from 'node:fs'

/**
 * Makes the SPA page's `/_app/` references relative (`./_app/`). SvelteKit writes absolute asset paths into the
 * page it renders for hash routing, even with `paths.relative` (kit issue #13858); with hash routing the page is
 * always `index.html` at the root of the deployed folder, so `./_app/` is right under any sub-path.
 * @param {string} html
 * @returns {string}
 */
export function relativizeIndex(html) {
  const out = html.replace(/(["'(])\/_app\//g, '$1./_app/')
  if (/["'(]\/(?!\/)/.test(out.replace(/<\/[a-z]+>/g, '')))
    throw new Error('index.html still holds an absolute path after relativizing')
  return out
}

/**
 * Wraps an adapter so the written `index.html` uses relative asset paths.
 * @param {import('@sveltejs/kit').Adapter} adapter
 * @param {string} pagesDir
 * @returns {import('@sveltejs/kit').Adapter}
 */
export function withRelativeIndex(adapter, pagesDir) {
  return {
    ...adapter,
    name: `${adapter.name}+relative-index`,
    async adapt(builder) {
      await adapter.adapt(builder)
      const file = `${pagesDir}/index.html`
      writeFileSync(file, relativizeIndex(readFileSync(file, 'utf8')))
    },
  }
}
