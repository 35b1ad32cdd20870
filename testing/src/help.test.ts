// Every LICEN program and benchmark answers --help: usage on stdout, exit 0, nothing else done (#17 item 7a).
// Each runs as a child process from the repository root, the way a user types it.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, test } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const tsx = resolve(root, 'node_modules/.bin/tsx')
const scripts = Object.keys(
  (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts,
)
const LICEN_COMMANDS = [
  'root',
  'inspect',
  'encrypt',
  'decrypt',
  'publish',
  'release-key',
  'reseal',
  'request',
  'status',
  'download',
]

type Run = { code: number | null; stdout: string; stderr: string }

/** Runs `file args` in the repository root with a deadline; never rejects. */
function run(file: string, args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      file,
      args,
      { cwd: root, timeout: 150_000, killSignal: 'SIGKILL', env: { ...process.env, INIT_CWD: root } },
      (error, stdout, stderr) =>
        done({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    )
  })
}

const programs: [string, string, string[]][] = [
  ['licen', 'node', ['cli/bin/licen.mjs']],
  ...LICEN_COMMANDS.map((name): [string, string, string[]] => [
    `licen ${name}`,
    'node',
    ['cli/bin/licen.mjs', name],
  ]),
  ['licen-attest', tsx, ['attestation-policy/src/cli/main.ts']],
  ...['hash', 'verify', 'job'].map((name): [string, string, string[]] => [
    `licen-attest ${name}`,
    tsx,
    ['attestation-policy/src/cli/main.ts', name],
  ]),
  ['licen-dev-tee', tsx, ['attestation-policy/src/bin/licen-dev-tee.ts']],
  ['licen-provider', tsx, ['provider-node/src/cli/main.ts']],
  ['licen-provider code-hash', tsx, ['provider-node/src/cli/main.ts', 'code-hash']],
  ['licen-orchestrator', tsx, ['orchestrator/src/cli/main.ts']],
  ['licen-storage-node', tsx, ['storage-node/src/bin/storageNode.ts']],
  ...scripts
    .filter((name) => name === 'dev' || name === 'demo' || name.startsWith('bench:'))
    .map((name): [string, string, string[]] => [`pnpm ${name}`, 'pnpm', ['-s', name]]),
]

describe('--help everywhere (#17 item 7a)', () => {
  test('default: the table covers dev, demo and every bench script of the root package.json', () => {
    expect(programs.filter(([name]) => name.startsWith('pnpm ')).map(([name]) => name)).toEqual(
      scripts
        .filter((name) => name === 'dev' || name === 'demo' || name.startsWith('bench:'))
        .map((name) => `pnpm ${name}`),
    )
    expect(programs.length).toBeGreaterThan(20)
  })

  test.concurrent.each(programs)(
    'behavior: %s --help prints usage on stdout and exits 0',
    async (_, file, args) => {
      const result = await run(file, [...args, '--help'])
      expect(result).toMatchObject({ code: 0, stderr: '' })
      expect(result.stdout).toMatch(/^usage:/im)
    },
    180_000,
  )

  test.concurrent.each([
    [
      'pnpm bench:publish',
      'pnpm',
      ['-s', 'bench:publish', '--bogus'],
      'unknown option --bogus (see --help)\n',
    ],
    ['pnpm bench:e2e', 'pnpm', ['-s', 'bench:e2e', '--bogus'], 'unknown option --bogus (see --help)\n'],
    [
      'licen-orchestrator',
      tsx,
      ['orchestrator/src/cli/main.ts', '--bogus'],
      'licen-orchestrator: unknown argument --bogus (configuration is by environment; see --help)\n',
    ],
    [
      'licen-storage-node',
      tsx,
      ['storage-node/src/bin/storageNode.ts', '--bogus'],
      'licen-storage-node: unknown or incomplete argument --bogus (see --help)\n',
    ],
  ])(
    'error: %s with an unknown flag prints one line and exits 2',
    async (_, file, args, line) => {
      const result = await run(file as string, args as string[])
      expect(result).toEqual({ code: 2, stdout: '', stderr: line })
    },
    180_000,
  )
})
