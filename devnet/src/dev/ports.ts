import { createServer } from 'node:net'
import { DevnetError } from '../errors.js'

/** Throws DEVNET_PORT_BUSY when `port` on 127.0.0.1 is already taken; `hint` says how to pick another. */
export async function assertPortFree(port: number, what: string, hint: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer()
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new DevnetError(
              'DEVNET_PORT_BUSY',
              `port ${port} (${what}) is busy: stop whatever listens there or ${hint}`,
            )
          : new DevnetError('DEVNET_PORT_BUSY', `cannot listen on port ${port} (${what})`, {
              details: error.message,
            }),
      )
    })
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()))
  })
}
