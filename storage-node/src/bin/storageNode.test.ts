import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'

const bin = fileURLToPath(new URL('./storageNode.ts', import.meta.url))

/** Runs licen-storage-node with `args` and `env`; resolves with its exit code and stderr. */
function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', bin, ...args],
      { env: { ...process.env, ...env }, timeout: 20_000 },
      (error, _stdout, stderr) => resolve({ code: error ? (error.code as number | null) : 0, stderr }),
    )
  })
}

describe('licen-storage-node', () => {
  test('error: it refuses to start on a non-loopback address without LICEN_STORAGE_UPLOAD_TOKEN, or with invalid limits (#17 item 2)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'licen-storage-bin-'))
    try {
      const open = await run(['--data-dir', dataDir, '--port', '0', '--host', '0.0.0.0'], {})
      expect(open.code).toBe(2)
      expect(open.stderr.split('\n', 1)[0]).toBe(
        'licen-storage-node: STORAGE_CONFIG_INVALID: A storage node on a non-loopback address needs an upload token.',
      )
      const invalid = await run(['--data-dir', dataDir, '--port', '0'], { LICEN_STORAGE_MAX_UPLOADS: '0' })
      expect(invalid.code).toBe(2)
      expect(invalid.stderr).toContain('LICEN_STORAGE_MAX_UPLOADS')
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
