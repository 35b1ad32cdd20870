// `@licen/sdk/attestation`: the report_data binding of a job to an enclave key.
export {
  AttestationBindingError,
  type AttestationBindingErrorCode,
} from './AttestationBindingError.js'
export { REPORT_DATA_DOMAIN, type ReportDataParameters, reportData } from './reportData.js'
