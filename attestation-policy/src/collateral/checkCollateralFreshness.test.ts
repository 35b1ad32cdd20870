import { describe, expect, test } from 'vitest'
import { intelSample } from '../../test/fixtures.js'
import { checkCollateralFreshness } from './checkCollateralFreshness.js'
import { parseCollateral } from './collateralSchema.js'

const collateral = () => parseCollateral(intelSample.collateral())
const issued = Date.UTC(2025, 5, 19, 10, 16, 3) / 1000

describe('checkCollateralFreshness', () => {
  test('default: inside every window at the pinned time', () => {
    expect(checkCollateralFreshness(collateral(), { now: intelSample.now, maxAgeSeconds: 86_400 })).toEqual({
      ok: true,
      code: undefined,
      reason: 'issued 2025-06-19T10:16:03Z, valid until 2025-07-19T10:00:35Z',
      issuedAt: issued,
      nextUpdate: Date.UTC(2025, 6, 19, 10, 0, 35) / 1000,
      ageSeconds: intelSample.now - issued,
    })
  })

  test('error: expired with the real clock', () => {
    const now = Date.UTC(2026, 0, 1) / 1000
    expect(checkCollateralFreshness(collateral(), { now })).toMatchObject({
      ok: false,
      code: 'COLLATERAL_EXPIRED',
      reason:
        'TCB info expired 2025-07-19T10:16:03Z (now 2026-01-01T00:00:00Z): fetch fresh collateral from the PCCS',
    })
  })

  test('error: older than the policy allows', () => {
    expect(checkCollateralFreshness(collateral(), { now: issued + 7201, maxAgeSeconds: 7200 })).toMatchObject(
      {
        ok: false,
        code: 'COLLATERAL_TOO_OLD',
        reason:
          'collateral issued 2025-06-19T10:16:03Z is 7201 s old, the policy allows 7200 s: fetch fresh collateral',
      },
    )
  })

  test('error: issued after now (beyond the allowed clock skew)', () => {
    expect(checkCollateralFreshness(collateral(), { now: issued - 301 })).toMatchObject({
      ok: false,
      code: 'COLLATERAL_NOT_YET_VALID',
    })
    expect(
      checkCollateralFreshness(collateral(), { now: Date.UTC(2025, 5, 19, 10, 32, 27) / 1000 - 300 }).ok,
    ).toBe(true)
  })

  test('error: unreadable documents', () => {
    expect(
      checkCollateralFreshness({ ...collateral(), tcb_info: '{}' }, { now: intelSample.now }),
    ).toMatchObject({
      ok: false,
      code: 'COLLATERAL_INVALID',
    })
  })
})
