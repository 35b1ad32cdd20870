/** Severity of a log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** Structured fields of a log line: ids, stages, durations, codes. Never keys, envelopes' contents or plaintext. */
export type LogFields = Record<string, string | number | boolean | null | undefined>

/** A structured logger writing one JSON object per line. */
export type Logger = {
  debug: (message: string, fields?: LogFields) => void
  info: (message: string, fields?: LogFields) => void
  warn: (message: string, fields?: LogFields) => void
  error: (message: string, fields?: LogFields) => void
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export type CreateLoggerParameters = {
  /** Lowest level written; default `info`. */
  level?: LogLevel | undefined
  /** Where lines go (one line per call, no newline); default: the process's stderr. */
  write?: ((line: string) => void) | undefined
  /** Fields added to every line. */
  base?: LogFields | undefined
  /** Clock (tests). */
  now?: (() => Date) | undefined
}

/** Creates a JSON-lines logger (`{time, level, msg, ...base, ...fields}` per line) for the Node services. */
export function createLogger(parameters: CreateLoggerParameters = {}): Logger {
  const threshold = ORDER[parameters.level ?? 'info']
  const write = parameters.write ?? ((line: string) => process.stderr.write(`${line}\n`))
  const now = parameters.now ?? (() => new Date())
  const emit =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}) => {
      if (ORDER[level] < threshold) return
      write(JSON.stringify({ time: now().toISOString(), level, msg: message, ...parameters.base, ...fields }))
    }
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') }
}

/** A logger that drops everything (library default, tests). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }
