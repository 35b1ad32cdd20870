import { createServer } from 'node:net'
import { DevnetError } from '../errors.js'

/** Throws DEVNET_PORT_BUSY when `port` on 127.0.0.1 is already taken; `hint` says how to pick another. */
export async function assertPortFree(port: number, what: string, hint: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer()
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new DevnetError(`port ${port} (${what}) is busy: stop whatever listens there or ${hint}`, {
              code: 'DEVNET_PORT_BUSY',
            })
          : new DevnetError(`cannot listen on port ${port} (${what})`, {
              code: 'DEVNET_PORT_BUSY',
              details: error.message,
            }),
      )
    })
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()))
  })
}
