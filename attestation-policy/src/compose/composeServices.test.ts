import { describe, expect, test } from 'vitest'
import { BaseError } from '../errors.js'
import { assertImagesPinned, composeServices } from './composeServices.js'

const DIGEST = 'ab'.repeat(32)

function refusal(yaml: string) {
  try {
    assertImagesPinned(yaml)
  } catch (error) {
    if (!(error instanceof BaseError)) throw error
    return { code: error.code, shortMessage: error.shortMessage, details: error.details }
  }
  throw new Error('not refused')
}

describe('composeServices', () => {
  test('default: services, images (quoted or not, with comments) and passed-through variables', () => {
    const yaml = [
      '# a comment',
      'services:',
      '  web:',
      `    image: "registry.example.com:5000/licen/web:1.0@sha256:${DIGEST}"  # pinned`,
      '    environment:',
      '      - LITERAL=1',
      '      - PASSED',
      '      # a comment in the list',
      '      - ALSO_PASSED  # with a comment',
      '  db:',
      `    image: 'postgres@sha256:${DIGEST}'`,
      '    environment:',
      '      MAPPED: value',
      '      EMPTY:',
      'volumes:',
      '  data:',
    ].join('\n')
    expect(composeServices(yaml)).toEqual([
      {
        name: 'web',
        image: `registry.example.com:5000/licen/web:1.0@sha256:${DIGEST}`,
        line: 4,
        builds: false,
        passthrough: ['PASSED', 'ALSO_PASSED'],
      },
      { name: 'db', image: `postgres@sha256:${DIGEST}`, line: 11, builds: false, passthrough: ['EMPTY'] },
    ])
  })

  test.each([
    ['flow style', 'services: {web: {image: x}}\n', 'no top-level `services:` mapping in block style'],
    ['no services key', 'version: "3"\n', 'no top-level `services:` mapping in block style'],
    ['a tab', 'services:\n\tweb:\n', 'tabs are not allowed in the file'],
    [
      'a merge key',
      'services:\n  web:\n    <<: *base\n',
      'line 3: anchors, aliases, merge keys and flow style are not read; write it out',
    ],
    [
      'an anchor',
      'services:\n  web: &base\n    image: x\n',
      'line 2: anchors, aliases, merge keys and flow style are not read; write it out',
    ],
    [
      'a flow mapping value',
      'services:\n  web:\n    environment: {A: 1}\n',
      'line 3: anchors, aliases, merge keys and flow style are not read; write it out',
    ],
    ['two images', 'services:\n  web:\n    image: a\n    image: b\n', 'line 4: service web names two images'],
    ['empty services', 'services:\nvolumes:\n', '`services:` is empty'],
  ])('error: %s is COMPOSE_INVALID', (_, yaml, details) => {
    expect(() => composeServices(yaml)).toThrowError(
      expect.objectContaining({ code: 'COMPOSE_INVALID', details }),
    )
  })
})

describe('assertImagesPinned', () => {
  test('default: every image pinned passes and returns the services', () => {
    expect(assertImagesPinned(`services:\n  web:\n    image: nginx@sha256:${DIGEST}\n`)).toHaveLength(1)
  })

  test.each([
    ['a tag', 'image: nginx:1.27', 'line 3: service web names "nginx:1.27", not name@sha256:<64 hex>'],
    ['no tag at all', 'image: nginx', 'line 3: service web names "nginx", not name@sha256:<64 hex>'],
    [
      'a variable',
      `image: \${WEB_IMAGE}`,
      `line 3: service web names "\${WEB_IMAGE}", not name@sha256:<64 hex>`,
    ],
    [
      'a short digest',
      'image: nginx@sha256:abcd',
      'line 3: service web names "nginx@sha256:abcd", not name@sha256:<64 hex>',
    ],
    [
      'the template placeholder',
      `image: licen/web@sha256:${'0'.repeat(64)}`,
      'line 3: service web still carries the template placeholder digest (pass --image name@sha256:… of the built image)',
    ],
    ['a build', 'build: .', 'line 2: service web builds its image inside the CVM (`build:`)'],
    ['no image', 'restart: always', 'line 2: service web names no image'],
  ])('error: %s is refused COMPOSE_IMAGE_NOT_PINNED, naming the service', (_, property, details) => {
    expect(refusal(`services:\n  web:\n    ${property}\n`)).toEqual({
      code: 'COMPOSE_IMAGE_NOT_PINNED',
      shortMessage: 'Service web is not pinned by digest.',
      details,
    })
  })

  test('error: the first unpinned service is named even after a pinned one', () => {
    const yaml = `services:\n  ok:\n    image: a@sha256:${DIGEST}\n  worker:\n    image: busybox:latest\n`
    expect(refusal(yaml)).toEqual({
      code: 'COMPOSE_IMAGE_NOT_PINNED',
      shortMessage: 'Service worker is not pinned by digest.',
      details: 'line 5: service worker names "busybox:latest", not name@sha256:<64 hex>',
    })
  })
})
