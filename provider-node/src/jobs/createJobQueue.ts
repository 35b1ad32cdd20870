/** Runs tasks with bounded concurrency; extra tasks wait in a bounded FIFO queue. */
export type JobQueue = {
  /** Queues `task`; returns false (and does not queue it) when the queue is full. */
  submit: (task: () => Promise<void>) => boolean
  readonly running: number
  readonly queued: number
  /** Resolves once nothing runs and nothing waits. */
  idle: () => Promise<void>
}

export type CreateJobQueueParameters = {
  /** Tasks run at once (≥ 1). */
  concurrency: number
  /** Tasks that may wait (≥ 0). */
  maxQueued: number
}

/** Creates a job queue. Task rejections are swallowed: tasks report their own failures. */
export function createJobQueue(parameters: CreateJobQueueParameters): JobQueue {
  const waiting: (() => Promise<void>)[] = []
  let running = 0
  let idleWaiters: (() => void)[] = []

  const pump = () => {
    while (running < parameters.concurrency && waiting.length > 0) {
      const task = waiting.shift()!
      running++
      void task()
        .catch(() => {})
        .finally(() => {
          running--
          pump()
        })
    }
    if (running === 0 && waiting.length === 0) {
      const waiters = idleWaiters
      idleWaiters = []
      for (const resolve of waiters) resolve()
    }
  }

  return {
    submit(task) {
      if (running >= parameters.concurrency && waiting.length >= parameters.maxQueued) return false
      waiting.push(task)
      pump()
      return true
    },
    get running() {
      return running
    },
    get queued() {
      return waiting.length
    },
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve()
      return new Promise((resolve) => idleWaiters.push(resolve))
    },
  }
}
