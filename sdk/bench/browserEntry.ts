// Bundled by bench/publish.ts for headless Chromium: the same measure() as in Node.
import { measure } from './measure.js'

declare global {
  interface Window {
    licenBench: typeof measure
  }
}
window.licenBench = measure
