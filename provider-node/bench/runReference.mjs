// Child process of bench/trainer.ts: runs the reference trainer's own bench (src/bench.ts) unchanged, from where it
// lives, then prints {"maxRssKb": …} as its last stdout line.
import { register } from 'node:module'
import { pathToFileURL } from 'node:url'
import { tsImport } from 'tsx/esm/api'

const [referenceDir, ...args] = process.argv.slice(2)
register('./referenceResolve.mjs', import.meta.url, {
  data: { referenceRoot: pathToFileURL(referenceDir).href },
})
process.argv = [process.argv[0], `${referenceDir}/src/bench.ts`, ...args]
await tsImport(pathToFileURL(`${referenceDir}/src/bench.ts`).href, import.meta.url)
process.stdout.write(`${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })}\n`)
