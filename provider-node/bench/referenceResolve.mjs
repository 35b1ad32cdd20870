// Module resolution hook for running the reference trainer (/work/shared/reference/trainer, which has no
// node_modules of its own) against this package's copies of tfjs: its bare `@tensorflow/*` imports resolve from
// here. Registered by runReference.mjs; benchmark harness only.
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

const fromHere = new URL('../package.json', import.meta.url).href
const fromTfjs = pathToFileURL(createRequire(fromHere).resolve('@tensorflow/tfjs/package.json')).href
let referenceRoot = ''

export function initialize(data) {
  referenceRoot = data.referenceRoot
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier.startsWith('@tensorflow/') && context.parentURL?.startsWith(referenceRoot)) {
    // tfjs-core and tfjs-backend-cpu are dependencies of tfjs, not of this package: resolve them from tfjs.
    const parent = specifier === '@tensorflow/tfjs-backend-wasm' ? fromHere : fromTfjs
    return nextResolve(specifier, { ...context, parentURL: parent })
  }
  return nextResolve(specifier, context)
}
