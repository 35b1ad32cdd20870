/**
 * A script that trains one epoch with the provider's embedded trainer (worker threads, WebAssembly kernels, the
 * base model in `provider-node/model`) on 32 inline examples and prints the adapter hash. Run inside the image
 * and in a checkout, both must print the same line: the trainer gives the same adapter bit for bit anywhere.
 * `root` is where the repository's files are (`/app` in the image).
 */
export function trainSmokeSource(root: string): string {
  const from = (path: string) => JSON.stringify(`${root}/provider-node/src/${path}`)
  return `import { readExamples } from ${from('dataset/readExamples.ts')}
import { createEmbeddedTrainer } from ${from('trainer/embedded/createEmbeddedTrainer.ts')}
import { EMBEDDED_BASE_MODEL } from ${from('trainer/embedded/embeddedBaseModel.ts')}

const lines = Array.from({ length: 32 }, (_, i) => JSON.stringify({ prompt: \`What is \${i} plus \${i}?\`, completion: \` \${i + i}.\` }))
async function* source() {
  yield new TextEncoder().encode(\`\${lines.join('\\n')}\\n\`)
}
const result = await createEmbeddedTrainer().train({
  examples: readExamples(source()),
  baseModel: EMBEDDED_BASE_MODEL,
  hyperparameters: { rank: 4, alpha: 8, maxSeqLen: 64, targetModules: ['q_proj', 'v_proj'] },
  epochs: 1,
})
const [epoch] = result.epochs
console.log(JSON.stringify({ trainer: result.trainer, stopReason: result.stopReason, examples: result.examples, epochs: result.epochs.length, adapterHash: epoch?.adapterHash, meanLoss: epoch ? Number(epoch.meanLoss.toFixed(4)) : null }))
`
}
