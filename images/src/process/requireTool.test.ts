import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { requireTool } from './requireTool.js'
import { runCommand } from './runCommand.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tool-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('requireTool', () => {
  test('default', async () => {
    await writeFile(join(dir, 'mmdebstrap'), '#!/bin/sh\n')
    await chmod(join(dir, 'mmdebstrap'), 0o755)
    expect(requireTool('mmdebstrap', `/nonexistent:${dir}`)).toBe(join(dir, 'mmdebstrap'))
  })

  test('error: missing mmdebstrap', () => {
    expect(() => requireTool('mmdebstrap', dir)).toThrowErrorMatchingInlineSnapshot(
      `[ImageError: mmdebstrap is not installed; install it: apt-get install -y --no-install-recommends mmdebstrap]`,
    )
  })

  test('error: missing podman', () => {
    expect(() => requireTool('podman', dir)).toThrowErrorMatchingInlineSnapshot(
      `[ImageError: podman is not installed; install it: apt-get install -y --no-install-recommends podman runc uidmap]`,
    )
  })

  test('error: a file without the execute bit is not a tool', async () => {
    await writeFile(join(dir, 'mmdebstrap'), '#!/bin/sh\n')
    expect(() => requireTool('mmdebstrap', dir)).toThrow(
      expect.objectContaining({ code: 'IMAGE_TOOL_MISSING' }),
    )
  })
})

describe('runCommand', () => {
  test('default', async () => {
    await expect(
      runCommand({
        command: 'sh',
        args: ['-c', 'echo out; echo err >&2'],
        timeoutMs: 10_000,
        waitingFor: 'a test',
      }),
    ).resolves.toEqual({ stdout: 'out\n', stderr: 'err\n' })
  })

  test('error: deadline, naming what it waited for', async () => {
    const error = await runCommand({
      command: 'sh',
      args: ['-c', 'sleep 30 & sleep 30'],
      timeoutMs: 200,
      waitingFor: 'the Debian base rootfs',
    }).catch((error: unknown) => error)
    expect(error).toMatchObject({
      code: 'IMAGE_COMMAND_TIMEOUT',
      shortMessage: 'sh did not finish within 0.2 s.',
      details: 'waited for the Debian base rootfs',
    })
  })

  test('error: non-zero exit carries the end of stderr', async () => {
    await expect(
      runCommand({
        command: 'sh',
        args: ['-c', 'echo broken >&2; exit 3'],
        timeoutMs: 10_000,
        waitingFor: 'a test',
      }),
    ).rejects.toMatchObject({
      code: 'IMAGE_COMMAND_FAILED',
      shortMessage: 'sh failed (exit 3) while making a test.',
      details: 'sh -c echo broken >&2; exit 3\nbroken',
    })
  })

  test('error: a tool that is not installed', async () => {
    await expect(
      runCommand({ command: 'mmdebstrap-not-here', args: [], timeoutMs: 1000, waitingFor: 'a test' }),
    ).rejects.toMatchObject({
      code: 'IMAGE_TOOL_MISSING',
      shortMessage: 'mmdebstrap-not-here is not installed; install mmdebstrap-not-here and put it on PATH',
    })
  })
})
