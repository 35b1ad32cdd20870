import { createServer } from 'node:net'

/** Throws a clear error when `port` on 127.0.0.1 is already taken; `hint` says how to pick another. */
export async function assertPortFree(port: number, what: string, hint: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer()
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `port ${port} (${what}) is busy: stop whatever listens there or ${hint}`
            : `cannot listen on port ${port} (${what}): ${error.message}`,
        ),
      )
    })
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()))
  })
}
