/**
 * Regenerates the committed artefacts from code: policy.schema.json (from the zod schema), policies/local.json
 * and policies/local-orchestrator.json (from the dev image, dev composes and dev-mock root) and policies/hashes.json (policyHash of every policy file).
 * Tests fail while any of them is stale.
 */
import { execFileSync } from 'node:child_process'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { buildLocalPolicy } from '../src/devTee/localPolicy.js'
import { parsePolicyJson } from '../src/policy/parsePolicy.js'
import { policyHash } from '../src/policy/policyHash.js'
import { policyJsonSchema } from '../src/policy/policyJsonSchema.js'

const root = join(import.meta.dirname, '..')
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`

await writeFile(join(root, 'policy.schema.json'), json(policyJsonSchema()))
await writeFile(join(root, 'policies/local.json'), json(buildLocalPolicy('provider')))
await writeFile(join(root, 'policies/local-orchestrator.json'), json(buildLocalPolicy('orchestrator')))
const hashes: Record<string, string> = {}
for (const file of (await readdir(join(root, 'policies'))).sort()) {
  if (!file.endsWith('.json') || file === 'hashes.json') continue
  hashes[file] = policyHash(parsePolicyJson(await readFile(join(root, 'policies', file), 'utf8')))
}
await writeFile(join(root, 'policies/hashes.json'), json(hashes))
// Leave the files as the repository formatter writes them (the hash covers canonical bytes, not formatting).
execFileSync('pnpm', ['exec', 'biome', 'format', '--write', 'policy.schema.json', 'policies'], {
  cwd: root,
  stdio: 'inherit',
})
console.log(hashes)
