import { statfs } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { createLogger } from '@licen/sdk'
import { describe, expect, test } from 'vitest'
import { createTrainer } from './createTrainer.js'

const TMPFS = 0x01021994
const isTmpfs = async (path: string) => (await statfs(path).catch(() => undefined))?.type === TMPFS
const shmIsTmpfs = await isTmpfs('/dev/shm')
const tmpIsDisk = !(await isTmpfs(tmpdir()))

const logged = () => {
  const lines: string[] = []
  return { lines, log: createLogger({ write: (line) => lines.push(line), now: () => new Date(0) }) }
}

describe('createTrainer', () => {
  test('default', async () => {
    const { lines, log } = logged()
    expect((await createTrainer({ kind: 'embedded' }, log)).name).toBe('embedded-wasm-simd')
    expect(lines).toEqual([])
  })

  test.runIf(shmIsTmpfs)('behavior: external trainer on a tmpfs work dir', async () => {
    const { lines, log } = logged()
    const trainer = await createTrainer(
      { kind: 'external', command: '/usr/bin/python3', args: [], workDir: '/dev/shm', tokenizer: undefined },
      log,
    )
    expect(trainer.name).toBe('external')
    expect(lines).toEqual([])
  })

  test.runIf(tmpIsDisk)('behavior: a work dir on disk is warned about', async () => {
    const { lines, log } = logged()
    const workDir = tmpdir()
    await createTrainer(
      { kind: 'external', command: '/usr/bin/python3', args: [], workDir, tokenizer: 'hf' },
      log,
    )
    expect(lines).toEqual([
      `{"time":"1970-01-01T00:00:00.000Z","level":"warn","msg":"trainer work dir is not a tmpfs: the plaintext dataset will touch a disk","workDir":"${workDir}"}`,
    ])
  })
})
