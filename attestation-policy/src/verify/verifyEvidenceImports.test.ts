import { join } from 'node:path'
import { importGraph as graphFrom } from '@licen/testing'
import { describe, expect, test } from 'vitest'

const src = join(import.meta.dirname, '..')

const importGraph = (entry: string) => graphFrom(src, entry)

/** The dev TEE module (mock PKI, mock quotes and collateral, the dev agent) and this package reached by name. */
const isDevTee = (file: string) => file.startsWith('devTee/')
const isSelf = (specifier: string) => specifier.startsWith('@licen/attestation-policy')

describe('trust anchors are injected', () => {
  test.each(['verify/verifyEvidence.ts', 'job/verifyJob.ts', 'index.ts'])(
    'default: %s reaches nothing of the dev TEE module',
    (entry) => {
      const graph = importGraph(entry)
      expect(graph.files).toContain('dcap/intelRootCa.ts')
      expect(graph.files.filter(isDevTee)).toEqual([])
      expect(graph.packages.filter(isSelf)).toEqual([])
    },
  )

  test('behavior: the dev TEE entries reach the mock PKI (the check can fail)', () => {
    expect(importGraph('devTee/index.ts').files).toContain('devTee/mockPki.ts')
    expect(importGraph('devTee/devMockAnchor.ts').files.filter(isDevTee)).toEqual([
      'devTee/devMockAnchor.ts',
      'devTee/mockCertificate.ts',
      'devTee/mockPki.ts',
    ])
  })
})
