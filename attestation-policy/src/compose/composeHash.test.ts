import { getComposeHash } from '@phala/dstack-sdk/get-compose-hash'
import { describe, expect, test } from 'vitest'
import { dstackSample, fixtureBytes } from '../../test/fixtures.js'
import { composeHashOf, DEV_APP_COMPOSE } from '../devTee/devImage.js'
import { composeHash } from './composeHash.js'

describe('composeHash', () => {
  test("default: dstack's simulator app-compose.json hashes as dstack measures it (sha256 of the bytes)", () => {
    const bytes = fixtureBytes('dstack/simulator-app-compose.json')
    expect(bytes.length).toBe(1092)
    expect(composeHash(bytes)).toBe('65b4e574f16973956908b6359920593c3b7d9f36f38e81a47f996a0c0d5435bb')
  })

  test("behavior: the SDK's getComposeHash re-serialises, so it differs for a file not in sorted compact form", () => {
    const text = new TextDecoder().decode(fixtureBytes('dstack/simulator-app-compose.json'))
    expect(getComposeHash(JSON.parse(text))).toBe(
      '84d4e7a031ef7d048d1492ca00b754c32513934e53f62b2dcf84b3e440656f61',
    )
  })

  test('behavior: a string hashes as its UTF-8 bytes, equal to the dev image helper', () => {
    expect(composeHash(DEV_APP_COMPOSE)).toBe(composeHashOf(DEV_APP_COMPOSE))
    expect(composeHash(new TextEncoder().encode(DEV_APP_COMPOSE))).toBe(composeHashOf(DEV_APP_COMPOSE))
  })

  test("behavior: the real event log's app id is the first 20 bytes of its compose hash (dstack's default app id)", () => {
    expect(dstackSample.composeHash.slice(0, 40)).toBe(dstackSample.appId)
  })
})
