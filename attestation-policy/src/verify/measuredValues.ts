import type { TdReportFields } from '../quote/parseQuote.js'
import type { MeasuredValues } from './verdict.js'

/** Measured values before anything is read. */
export function emptyMeasured(): MeasuredValues {
  return {
    teeType: undefined,
    quoteVersion: undefined,
    tcbStatus: undefined,
    qeTcbStatus: undefined,
    tdxModuleTcbStatus: undefined,
    advisoryIds: [],
    fmspc: undefined,
    mrtd: undefined,
    rtmr0: undefined,
    rtmr1: undefined,
    rtmr2: undefined,
    rtmr3: undefined,
    reportData: undefined,
    tdAttributes: undefined,
    debug: undefined,
    composeHash: undefined,
    appId: undefined,
    instanceId: undefined,
    keyProvider: undefined,
    measurementName: undefined,
    collateralIssuedAt: undefined,
    collateralNextUpdate: undefined,
  }
}

/** Copies TD report fields into the measured values (parsed first, replaced by the verified ones). */
export function setTdMeasurements(measured: MeasuredValues, td: TdReportFields | undefined): void {
  if (!td) return
  measured.mrtd = td.mrtd
  measured.rtmr0 = td.rtmr0
  measured.rtmr1 = td.rtmr1
  measured.rtmr2 = td.rtmr2
  measured.rtmr3 = td.rtmr3
  measured.reportData = td.reportData
  measured.tdAttributes = td.tdAttributes
}
