import { sveltekit } from '@sveltejs/kit/vite'
import { defineConfig } from 'vite'

// The workspace libraries declare in their package.json that only their CLI entry points have import-time side
// effects (`sideEffects`), so the bundler drops the parts of their barrels a page does not use.
export default defineConfig({
  plugins: [sveltekit()],
  worker: { format: 'es' },
  build: { target: 'es2022', reportCompressedSize: false },
})
