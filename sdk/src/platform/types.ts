/**
 * The part of a worker both runtimes share, adapted to one shape (Node `worker_threads` or a browser Web Worker).
 * Messages are structured-cloned; `transfer` lists buffers moved rather than copied.
 */
export type PlatformWorker = {
  post(message: unknown, transfer?: Transferable[]): void
  onMessage(listener: (message: unknown) => void): void
  onError(listener: (error: unknown) => void): void
  /** Called if the worker stops on its own (Node reports exits; browsers report errors instead). */
  onExit(listener: () => void): void
  /** Whether the worker may keep the process alive (Node: ref/unref; a no-op in browsers). */
  setBusy(busy: boolean): void
  terminate(): void
}

/** Logical cores this runtime reports (at least 1). */
export type CpuCount = () => number

/**
 * Starts a worker running the self-contained classic script `source`: worker_threads with `eval` in Node, a Web
 * Worker from a Blob URL in browsers. Throws where the runtime cannot start one.
 */
export type SpawnWorker = (source: string) => PlatformWorker
