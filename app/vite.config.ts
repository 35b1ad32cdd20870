import { sveltekit } from '@sveltejs/kit/vite'
import { defineConfig } from 'vite'

// Our workspace libraries are plain ES modules without import-time side effects; saying so lets the bundler drop
// the parts of their barrels a page does not use (the sdk index alone is ~300 KiB).
const sideEffectFree = /\/(sdk|attestation-policy)\/src\//

export default defineConfig({
  plugins: [sveltekit()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    reportCompressedSize: false,
    rollupOptions: { treeshake: { moduleSideEffects: (id: string) => !sideEffectFree.test(id) } },
  },
})
