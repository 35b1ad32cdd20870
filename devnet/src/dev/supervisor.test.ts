import { describe, expect, test } from 'vitest'
import { type Part, type RunningPart, startParts } from './supervisor.js'

/** A part that records its start and stop and can be made to die or fail. */
function fakePart(name: string, events: string[], options: { fail?: boolean } = {}) {
  let die: (reason: string) => void = () => {}
  const part: Part = {
    name,
    async start(log) {
      if (options.fail) throw Object.assign(new Error('boom'), { code: 'X_FAILED', details: 'port 1' })
      log(`${name} up`)
      events.push(`start ${name}`)
      const exited = new Promise<string>((resolve) => {
        die = resolve
      })
      const running: RunningPart = {
        stop: async () => {
          events.push(`stop ${name}`)
          die('stopped')
        },
        exited,
        kill: () => die('killed by SIGKILL'),
      }
      return running
    },
  }
  return { part, die: (reason: string) => die(reason) }
}

describe('startParts', () => {
  test('default: starts in order, stops in reverse, prefixes each line', async () => {
    const events: string[] = []
    const lines: string[] = []
    const a = fakePart('alpha', events)
    const b = fakePart('beta', events)
    const supervisor = await startParts([a.part, b.part], { sink: (line) => lines.push(line), color: false })
    await supervisor.stop()
    expect(events).toEqual(['start alpha', 'start beta', 'stop beta', 'stop alpha'])
    expect(lines[0]).toBe('alpha        │ alpha up')
    expect(lines[1]).toMatch(/^alpha {8}│ healthy in \d+ ms$/)
  })

  test('behavior: a part that dies is reported with its last lines; one stopped on purpose is not', async () => {
    const events: string[] = []
    const a = fakePart('alpha', events)
    const b = fakePart('beta', events)
    const supervisor = await startParts([a.part, b.part], { sink: () => {}, color: false })
    await supervisor.stopPart('alpha')
    expect(await supervisor.killPart('beta', 'SIGKILL')).toBe('killed by SIGKILL')
    await supervisor.startPart('beta')
    supervisor.expectExit('beta')
    b.die('exit code 3')
    await new Promise((resolve) => setImmediate(resolve))
    expect(supervisor.isRunning('beta')).toBe(false)
    await supervisor.startPart('beta')
    b.die('exit code 1')
    expect((await supervisor.failed).replace(/\d+ ms/g, 'N ms')).toBe(
      `beta died (exit code 1); its last lines:\n${'    beta up\n    healthy in N ms\n'.repeat(3).trimEnd()}`,
    )
    expect(supervisor.isRunning('alpha')).toBe(false)
    await supervisor.stop()
  })

  test('behavior: a deferred part starts only when asked', async () => {
    const events: string[] = []
    const a = fakePart('alpha', events)
    const b = fakePart('beta', events)
    const supervisor = await startParts([a.part, b.part], {
      sink: () => {},
      color: false,
      deferred: ['beta'],
    })
    expect(events).toEqual(['start alpha'])
    await supervisor.startPart('beta')
    expect(supervisor.isRunning('beta')).toBe(true)
    await supervisor.stop()
    expect(events).toEqual(['start alpha', 'start beta', 'stop beta', 'stop alpha'])
  })

  test('error: a part that fails to start stops the ones already running', async () => {
    const events: string[] = []
    const a = fakePart('alpha', events)
    const b = fakePart('beta', events, { fail: true })
    await expect(startParts([a.part, b.part], { sink: () => {}, color: false })).rejects.toMatchObject({
      code: 'DEVNET_PART_FAILED',
      shortMessage: 'beta failed to start: boom',
      details: 'X_FAILED: port 1',
    })
    expect(events).toEqual(['start alpha', 'stop alpha'])
  })

  test('error: aborted while a part starts: the start stops after it and stops what runs', async () => {
    const events: string[] = []
    const controller = new AbortController()
    const a = fakePart('alpha', events)
    const b = fakePart('beta', events)
    const aborting: Part = {
      name: 'alpha',
      start: async (log) => {
        const running = await a.part.start(log)
        controller.abort()
        return running
      },
    }
    await expect(
      startParts([aborting, b.part], { sink: () => {}, color: false, signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'DEVNET_ABORTED', shortMessage: 'start stopped before beta' })
    expect(events).toEqual(['start alpha', 'stop alpha'])
  })
})
