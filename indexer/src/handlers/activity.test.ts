import { describe, expect, test } from 'vitest'
import { event } from '../../test/events.js'
import { activityId, argsToJson } from './activity.js'

describe('activityId', () => {
  test('default: zero-pads block number and log index so ids sort in chain order', () => {
    expect(activityId({ blockNumber: 42n, logIndex: 7 })).toBe('000000000042:000007')
    expect(
      [activityId({ blockNumber: 10n, logIndex: 0 }), activityId({ blockNumber: 9n, logIndex: 12 })].sort(),
    ).toEqual(['000000000009:000012', '000000000010:000000'])
  })
})

describe('argsToJson', () => {
  test('default: integers become decimal strings, addresses and bytes lowercase, strings stay', () => {
    const e = event(
      'ProviderRegistered',
      {
        providerId: 4_294_967_295,
        operator: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
        endpoint: 'https://Provider.example/0xABCDEF',
        pricePerEpoch: 79_228_162_514_264_337_593_543_950_335n,
      },
      1n,
    )
    expect(argsToJson(e)).toEqual({
      providerId: '4294967295',
      operator: '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc',
      endpoint: 'https://Provider.example/0xABCDEF',
      pricePerEpoch: '79228162514264337593543950335',
    })
  })

  test('args: an event without parameters', () => {
    expect(argsToJson(event('EIP712DomainChanged', [] as never, 1n))).toEqual({})
  })
})
