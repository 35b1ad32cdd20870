// `@licen/sdk/log`: the structured logger.
export {
  type CreateLoggerParameters,
  createLogger,
  type LogFields,
  type Logger,
  type LogLevel,
  silentLogger,
} from './logger.js'
