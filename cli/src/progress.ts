import type { CliIo } from './io.js'

/** A progress display for one long operation. */
export type Progress = { update(bytes: number): void; done(): void }

const MiB = 1024 * 1024

/** A one-line progress bar on stderr when it is a TTY (and not in --json mode); a no-op otherwise. */
export function createProgress(
  io: CliIo,
  label: string,
  total: number | undefined,
  enabled: boolean,
): Progress {
  if (!enabled || !io.stderr.isTTY) return { update() {}, done() {} }
  const started = Date.now()
  let last = 0
  let bytes = 0
  const draw = () => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001)
    const rate = `${(bytes / MiB / seconds).toFixed(1)} MiB/s`
    const amount = total
      ? `${(bytes / MiB).toFixed(1)} / ${(total / MiB).toFixed(1)} MiB`
      : `${(bytes / MiB).toFixed(1)} MiB`
    let bar = ''
    if (total) {
      const width = Math.max(
        10,
        Math.min(40, (io.stderr.columns ?? 80) - label.length - amount.length - rate.length - 12),
      )
      const filled = Math.min(width, Math.round((bytes / total) * width))
      bar = ` [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor((bytes / total) * 100)}%`
    }
    io.stderr.write(`\r\x1b[2K${label}${bar} ${amount} ${rate}`)
  }
  return {
    update(next) {
      bytes = next
      const now = Date.now()
      if (now - last >= 100) {
        last = now
        draw()
      }
    },
    done() {
      draw()
      io.stderr.write('\n')
    },
  }
}
