// Runs in Chromium (vitest.browser.config.ts): an auditor re-verifying a stored job in the browser.

import glueUrl from '@phala/dcap-qvl-web/dcap-qvl-web.js?url'
import wasmUrl from '@phala/dcap-qvl-web/dcap-qvl-web_bg.wasm?url'
import { describe, expect, inject, test } from 'vitest'
import { jobSources } from '../../test/browser/jobSources.js'
import { createDcapWasmSource } from '../dcap/createDcapWasmSource.js'
import { devMockRootCa } from '../devTee/mockPki.js'
import { BaseError } from '../errors.js'
import { verifyJob } from './verifyJob.js'

const job = inject('jobCase')
const dcapWasm = createDcapWasmSource({ wasm: wasmUrl, glue: glueUrl })

describe('verifyJob in the browser', () => {
  test('default: the stored evidence re-verifies under the policy on chain, with the verdict Node gives', async () => {
    const verdict = await verifyJob(7n, jobSources(job), { dcapWasm, devMockRootCa: devMockRootCa() })
    expect(verdict.ok).toBe(true)
    expect(verdict.checks.length).toBe(15) // bootEvents included: the dev TEE log carries boot events
    expect(verdict.policyHash).toBe(job.record.policyHash)
    expect(JSON.parse(JSON.stringify(verdict))).toEqual(JSON.parse(inject('nodeJobVerdict')))
  })

  test('error: evidence bytes that are not the ones recorded on chain (0G root) are refused', async () => {
    const tampered = new TextEncoder().encode(job.evidence.replace('"verifiedAt":', '"verifiedAt": '))
    const error = await verifyJob(7n, jobSources(job, tampered), {
      dcapWasm,
      devMockRootCa: devMockRootCa(),
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BaseError)
    expect((error as BaseError).code).toBe('JOB_EVIDENCE_INVALID')
    expect((error as BaseError).shortMessage).toBe('The stored evidence is not the one recorded on chain.')
  })
})
