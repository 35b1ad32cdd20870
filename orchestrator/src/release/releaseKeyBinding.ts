// The binding has one home, beside the release-key evidence its verifier reads (@licen/attestation-policy).
export { RELEASE_KEY_DOMAIN, releaseKeyReportData } from '@licen/attestation-policy'
