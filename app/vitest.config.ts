import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [svelte()],
  resolve: { conditions: ['browser'], alias: { $lib: new URL('./src/lib', import.meta.url).pathname } },
  test: {
    include: ['src/**/*.test.ts', 'build-tools/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
})
