/** A byte source: bytes in memory, a web ReadableStream, or any (async) iterable of byte chunks. */
export type ByteSource =
  | Uint8Array
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>

/** Pulls exact byte counts out of a chunked source, without copying more than one chunk ahead. */
export class ByteReader {
  private readonly next: () => Promise<IteratorResult<Uint8Array>>
  private readonly release: () => Promise<void>
  private pending: Uint8Array = new Uint8Array(0)
  private ended = false
  /** Bytes handed out so far. */
  position = 0

  constructor(source: ByteSource) {
    if (source instanceof Uint8Array) source = [source]
    if (typeof (source as ReadableStream<Uint8Array>).getReader === 'function') {
      const reader = (source as ReadableStream<Uint8Array>).getReader()
      this.next = () => reader.read() as Promise<IteratorResult<Uint8Array>>
      this.release = () => reader.cancel()
    } else {
      const iterator =
        Symbol.asyncIterator in source
          ? (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]()
          : (source as Iterable<Uint8Array>)[Symbol.iterator]()
      this.next = async () => iterator.next()
      this.release = async () => {
        await iterator.return?.()
      }
    }
  }

  private async fill(): Promise<boolean> {
    while (this.pending.length === 0) {
      if (this.ended) return false
      const { done, value } = await this.next()
      if (done) {
        this.ended = true
        return false
      }
      if (!(value instanceof Uint8Array)) throw new TypeError('Byte sources must yield Uint8Array chunks.')
      this.pending = value
    }
    return true
  }

  /** Returns the next `length` bytes, or fewer only if the source ended first. */
  async read(length: number): Promise<Uint8Array<ArrayBuffer>> {
    const out = new Uint8Array(length)
    let filled = 0
    while (filled < length && (await this.fill())) {
      const take = Math.min(length - filled, this.pending.length)
      out.set(this.pending.subarray(0, take), filled)
      this.pending = this.pending.subarray(take)
      filled += take
    }
    this.position += filled
    return filled === length ? out : out.slice(0, filled)
  }

  /** Returns the next available bytes, at most `max` of them, or `undefined` at the end of the source. */
  async readSome(max: number): Promise<Uint8Array | undefined> {
    if (!(await this.fill())) return undefined
    const take = Math.min(max, this.pending.length)
    const out = this.pending.subarray(0, take)
    this.pending = this.pending.subarray(take)
    this.position += take
    return out
  }

  /** Whether the source has no bytes left (reads ahead by one chunk). */
  async atEnd(): Promise<boolean> {
    return !(await this.fill())
  }

  /** The rest of the source as a stream, starting with any bytes already read ahead. */
  rest(): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        const chunk = await this.readSome(Number.MAX_SAFE_INTEGER)
        if (chunk === undefined) controller.close()
        else controller.enqueue(chunk)
      },
      cancel: () => this.release(),
    })
  }

  /** Stops reading and releases the source. */
  async cancel(): Promise<void> {
    this.ended = true
    this.pending = new Uint8Array(0)
    await this.release()
  }
}
