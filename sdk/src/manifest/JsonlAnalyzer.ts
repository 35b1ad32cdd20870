import { ManifestError } from './ManifestError.js'
import { MANIFEST_MAX_FIELDS, type ManifestField } from './manifestSchema.js'

/** Longest JSONL line accepted, in bytes. */
export const JSONL_MAX_LINE_BYTES = 16 * 1024 * 1024

/** What a manifest says about a JSONL file: counts, sizes and per-field types, never a value. */
export type JsonlAnalysis = {
  rowCount: number
  byteSize: number
  fields: ManifestField[]
  rows: { minBytes: number; maxBytes: number; meanBytes: number }
}

type FieldType = ManifestField['types'][number]
const TYPE_ORDER: readonly FieldType[] = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'null']

type FieldAccumulator = {
  types: Set<FieldType>
  present: number
  nulls: number
  lengthCount: number
  lengthMin: number
  lengthMax: number
  lengthSum: number
}

/** Streams a JSONL file (in any chunking) and collects sample-free statistics for its manifest. */
export class JsonlAnalyzer {
  #pending: Uint8Array[] = []
  #pendingBytes = 0
  #byteSize = 0
  #rows = 0
  #lineNumber = 0
  #rowMin = Number.POSITIVE_INFINITY
  #rowMax = 0
  #rowSum = 0
  #fields = new Map<string, FieldAccumulator>()
  #decoder = new TextDecoder('utf-8', { fatal: true })

  /** Feeds the next bytes of the file. */
  push(bytes: Uint8Array): void {
    this.#byteSize += bytes.length
    let start = 0
    for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, start)) {
      this.#append(bytes.subarray(start, i))
      this.#line()
      start = i + 1
    }
    if (start < bytes.length) this.#append(bytes.slice(start))
  }

  /** Ends the file and returns its statistics. */
  finish(): JsonlAnalysis {
    if (this.#pendingBytes > 0) this.#line()
    const fields = [...this.#fields.entries()].map(([name, f]): ManifestField => {
      const field: ManifestField = {
        name,
        types: TYPE_ORDER.filter((type) => f.types.has(type)),
        present: f.present,
        nulls: f.nulls,
      }
      if (f.lengthCount > 0) {
        field.length = { min: f.lengthMin, max: f.lengthMax, mean: round3(f.lengthSum / f.lengthCount) }
      }
      return field
    })
    return {
      rowCount: this.#rows,
      byteSize: this.#byteSize,
      fields,
      rows:
        this.#rows === 0
          ? { minBytes: 0, maxBytes: 0, meanBytes: 0 }
          : { minBytes: this.#rowMin, maxBytes: this.#rowMax, meanBytes: round3(this.#rowSum / this.#rows) },
    }
  }

  #append(part: Uint8Array): void {
    if (part.length === 0) return
    this.#pendingBytes += part.length
    if (this.#pendingBytes > JSONL_MAX_LINE_BYTES) {
      throw this.#invalid(`line ${this.#lineNumber + 1} is longer than ${JSONL_MAX_LINE_BYTES} bytes`)
    }
    this.#pending.push(part.slice())
  }

  #line(): void {
    this.#lineNumber++
    const bytes = new Uint8Array(this.#pendingBytes)
    let offset = 0
    for (const part of this.#pending) {
      bytes.set(part, offset)
      offset += part.length
    }
    this.#pending = []
    this.#pendingBytes = 0
    let text: string
    try {
      text = this.#decoder.decode(bytes)
    } catch {
      throw this.#invalid(`line ${this.#lineNumber} is not UTF-8`)
    }
    if (text.trim() === '') return
    let row: unknown
    try {
      row = JSON.parse(text)
    } catch {
      throw this.#invalid(`line ${this.#lineNumber} is not JSON`)
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw this.#invalid(`line ${this.#lineNumber} is not a JSON object`)
    }
    const size = bytes.length + 1
    this.#rows++
    this.#rowMin = Math.min(this.#rowMin, size)
    this.#rowMax = Math.max(this.#rowMax, size)
    this.#rowSum += size
    for (const [name, value] of Object.entries(row)) this.#field(name, value)
  }

  #field(name: string, value: unknown): void {
    let field = this.#fields.get(name)
    if (!field) {
      if (this.#fields.size >= MANIFEST_MAX_FIELDS) {
        throw this.#invalid(`more than ${MANIFEST_MAX_FIELDS} distinct fields (line ${this.#lineNumber})`)
      }
      if (name.length === 0 || name.length > 128)
        throw this.#invalid(`line ${this.#lineNumber} has a field name of length ${name.length}`)
      field = {
        types: new Set(),
        present: 0,
        nulls: 0,
        lengthCount: 0,
        lengthMin: Number.POSITIVE_INFINITY,
        lengthMax: 0,
        lengthSum: 0,
      }
      this.#fields.set(name, field)
    }
    field.present++
    const type = typeOf(value)
    field.types.add(type)
    if (type === 'null') field.nulls++
    if (type === 'string' || type === 'array') {
      const length = (value as string | unknown[]).length
      field.lengthCount++
      field.lengthMin = Math.min(field.lengthMin, length)
      field.lengthMax = Math.max(field.lengthMax, length)
      field.lengthSum += length
    }
  }

  #invalid(details: string): ManifestError {
    return new ManifestError('MANIFEST_JSONL_INVALID', 'The file is not valid JSONL.', { details })
  }
}

/** Reads a whole JSONL stream and returns its manifest statistics. */
export async function analyzeJsonl(stream: ReadableStream<Uint8Array>): Promise<JsonlAnalysis> {
  const analyzer = new JsonlAnalyzer()
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return analyzer.finish()
    analyzer.push(value)
  }
}

function typeOf(value: unknown): FieldType {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value as 'string' | 'boolean' | 'object'
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000
}
