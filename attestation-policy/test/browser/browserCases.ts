import type { JobCase } from './jobSources.js'
import type { ReleaseKeyCase } from './releaseKeyCase.js'

/** One verification the browser suite repeats in Chromium: its inputs and the verdict Node gave (JSON text). */
export type BrowserCase = {
  name: string
  /** Quote bytes, hex. */
  quote: string
  eventLog?: string | undefined
  collateral: unknown
  now: number
  /** `local`: policies/local.json; absent: the quote alone under the Intel anchor. */
  policy?: 'local' | undefined
  /** report_data the quote must carry, hex. */
  expectedReportData?: string | undefined
  nodeVerdict: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    browserCases: BrowserCase[]
    localPolicy: string
    jobCase: JobCase
    nodeJobVerdict: string
    releaseKeyCase: ReleaseKeyCase
    nodeReleaseKeyVerdict: string
  }
}
