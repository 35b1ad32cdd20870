import adapter from '@sveltejs/adapter-static'
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte'
import { withRelativeIndex } from './build-tools/relativeIndex.js'

/**
 * One static build for every network: hash routing and relative asset paths, so the folder works from any
 * sub-path (`/ipfs/<cid>/`) with no server fallback. Network settings come from `config.json` at run time.
 * @type {import('@sveltejs/kit').Config}
 */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: withRelativeIndex(adapter({ pages: 'build', assets: 'build', strict: true }), 'build'),
    paths: { relative: true },
    router: { type: 'hash' },
    version: { pollInterval: 0 },
  },
}

export default config
