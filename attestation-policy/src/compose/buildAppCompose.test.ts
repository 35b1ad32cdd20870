import { readFileSync, writeFileSync } from 'node:fs'
import { getComposeHash } from '@phala/dstack-sdk/get-compose-hash'
import { describe, expect, test } from 'vitest'
import { derivePolicy } from '../policy/derivePolicy.js'
import { policyHash } from '../policy/policyHash.js'
import { buildAppCompose, interpolatedVariables } from './buildAppCompose.js'
import { composeHash } from './composeHash.js'
import { fillComposeTemplate } from './fillComposeTemplate.js'

const template = (program: string) =>
  readFileSync(new URL(`../../../images/compose/${program}/docker-compose.yml`, import.meta.url), 'utf8')
const goldenUrl = (file: string) => new URL(`../../test/fixtures/compose/${file}`, import.meta.url)
/** Compares with a committed golden file; UPDATE_GOLDEN=1 rewrites it instead. */
function expectGolden(file: string, text: string) {
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenUrl(file), text)
  expect(text).toBe(readFileSync(goldenUrl(file), 'utf8'))
}

const PROVIDER_IMAGE = `licen/provider-node@sha256:${'ab'.repeat(32)}`
const ORCHESTRATOR_IMAGE = `licen/orchestrator@sha256:${'cd'.repeat(32)}`
const PROVIDER_COMPOSE_HASH = '009b54907dafb08d1237d5db53e0842d6443d9bde76a5554581cc68a67d68fe4'

function provider() {
  const dockerCompose = fillComposeTemplate(template('provider-node'), { image: PROVIDER_IMAGE })
  return buildAppCompose({ name: 'licen-provider-node', dockerCompose })
}

describe('buildAppCompose', () => {
  test('default: the provider template with a digest gives the golden app-compose.json and its hash', () => {
    const built = provider()
    expectGolden('provider-node.app-compose.json', built.text)
    expect(built.composeHash).toBe(PROVIDER_COMPOSE_HASH)
    expect(composeHash(readFileSync(goldenUrl('provider-node.app-compose.json')))).toBe(PROVIDER_COMPOSE_HASH)
    expect(getComposeHash(built.appCompose)).toBe(PROVIDER_COMPOSE_HASH)
    expect(built.appCompose.allowed_envs).toEqual([
      'LICEN_CHAIN_ID',
      'LICEN_DATA_POLICY',
      'LICEN_LOG_LEVEL',
      'LICEN_PROVIDER_ID',
      'LICEN_PROVIDER_MAX_CONCURRENT_JOBS',
      'LICEN_PROVIDER_MAX_DATASET_BYTES',
      'LICEN_PROVIDER_MAX_PENDING_PER_DATASET',
      'LICEN_PROVIDER_MAX_PENDING_PER_REQUESTER',
      'LICEN_PROVIDER_MAX_QUEUED_JOBS',
      'LICEN_PROVIDER_MAX_TRAINING_SECONDS',
      'LICEN_RPC_URL',
      'LICEN_STORAGE_UPLOAD_TOKEN',
      'LICEN_STORAGE_URL',
    ])
    expect(built.services.map((s) => [s.name, s.image])).toEqual([['provider', PROVIDER_IMAGE]])
  })

  test('default: the orchestrator template embeds the derived provider policy; golden files and hashes', () => {
    const providerPolicy = derivePolicy({
      role: 'provider',
      release: 'dstack-0.5.4.1',
      composeHashes: [PROVIDER_COMPOSE_HASH],
    })
    expectGolden('provider-policy.json', `${JSON.stringify(providerPolicy, null, 2)}\n`)
    expect(policyHash(providerPolicy)).toBe(
      '0x168cf3d0a2d6b81748225e4eb9f91e8ca3eca004281ce5d192f3911bcbcd3c00',
    )
    const dockerCompose = fillComposeTemplate(template('orchestrator'), {
      image: ORCHESTRATOR_IMAGE,
      providerPolicy,
    })
    const built = buildAppCompose({ name: 'licen-orchestrator', dockerCompose })
    expectGolden('orchestrator.app-compose.json', built.text)
    expect(built.composeHash).toBe('be213c46c5b35f5e0de3231fa2a4c5164bc46e4c1a7dc5c633f4597d9a168318')
    expect(built.appCompose.allowed_envs).toContain('LICEN_ORCHESTRATOR_KEY')
    expect(built.appCompose.allowed_envs).not.toContain('LICEN_RELEASE_KEY')
    expect(built.appCompose.allowed_envs).not.toContain('LICEN_RELEASE_KEY_SOURCE')
    expect(built.appCompose.allowed_envs).not.toContain('LICEN_POLICY_FILES')
  })

  test('behavior: allowed_envs are the interpolated and passed-through names, sorted, $$ being a literal', () => {
    expect(
      interpolatedVariables(`a: \${B_VAR:-x} $A_VAR $$NOT \${C:?required}\n# \${IN_COMMENT}\nd: \${B_VAR}`),
    ).toEqual(['A_VAR', 'B_VAR', 'C'])
    const built = buildAppCompose({
      name: 'x',
      dockerCompose: `services:\n  web:\n    image: a@sha256:${'ab'.repeat(32)}\n    command: run --port \${PORT}\n    environment:\n      - TOKEN\n`,
    })
    expect(built.appCompose.allowed_envs).toEqual(['PORT', 'TOKEN'])
  })

  test('error: an image by tag is refused, naming the service', () => {
    expect(() =>
      buildAppCompose({
        name: 'x',
        dockerCompose: 'services:\n  api:\n    image: licen/orchestrator:latest\n',
      }),
    ).toThrowError(
      expect.objectContaining({
        code: 'COMPOSE_IMAGE_NOT_PINNED',
        shortMessage: 'Service api is not pinned by digest.',
        details: 'line 3: service api names "licen/orchestrator:latest", not name@sha256:<64 hex>',
      }),
    )
  })

  test('error: the unfilled template is refused (its placeholder digest names no image)', () => {
    expect(() => buildAppCompose({ name: 'x', dockerCompose: template('provider-node') })).toThrowError(
      expect.objectContaining({ code: 'COMPOSE_IMAGE_NOT_PINNED' }),
    )
  })

  test('error: an app name dstack would not accept', () => {
    expect(() => buildAppCompose({ name: 'Licen Provider', dockerCompose: '' })).toThrowError(
      expect.objectContaining({
        code: 'COMPOSE_INVALID',
        details: '"Licen Provider": 1-63 of a-z 0-9 -, starting with a letter or digit',
      }),
    )
  })
})

describe('fillComposeTemplate', () => {
  const providerPolicy = () =>
    derivePolicy({ role: 'provider', release: 'dstack-0.5.4.1', composeHashes: ['11'.repeat(32)] })

  test('error: --image by tag is refused COMPOSE_IMAGE_NOT_PINNED', () => {
    expect(() =>
      fillComposeTemplate(template('provider-node'), { image: 'licen/provider-node:1.0' }),
    ).toThrowError(
      expect.objectContaining({
        code: 'COMPOSE_IMAGE_NOT_PINNED',
        details: '--image "licen/provider-node:1.0": give name@sha256:<64 hex> as pnpm image build prints it',
      }),
    )
  })

  test('error: the orchestrator template without a provider policy', () => {
    expect(() => fillComposeTemplate(template('orchestrator'), { image: ORCHESTRATOR_IMAGE })).toThrowError(
      expect.objectContaining({
        code: 'COMPOSE_INVALID',
        shortMessage: 'The template embeds the provider policy.',
      }),
    )
  })

  test('error: a policy for the provider template, or an orchestrator policy to embed', () => {
    expect(() =>
      fillComposeTemplate(template('provider-node'), {
        image: PROVIDER_IMAGE,
        providerPolicy: providerPolicy(),
      }),
    ).toThrowError(
      expect.objectContaining({ code: 'COMPOSE_INVALID', shortMessage: 'The template embeds no policy.' }),
    )
    expect(() =>
      fillComposeTemplate(template('orchestrator'), {
        image: ORCHESTRATOR_IMAGE,
        providerPolicy: { ...providerPolicy(), role: 'orchestrator' },
      }),
    ).toThrowError(
      expect.objectContaining({
        code: 'COMPOSE_INVALID',
        shortMessage: 'The embedded policy must be a provider policy.',
      }),
    )
  })

  test("behavior: ' and $ in the policy are escaped so YAML and compose give back the exact JSON", () => {
    const policy = { ...providerPolicy(), notes: `it's $5 and \${X}` }
    const text = fillComposeTemplate(template('orchestrator'), {
      image: ORCHESTRATOR_IMAGE,
      providerPolicy: policy,
    })
    expect(text).toContain(`"notes":"it''s $$5 and $\${X}"`)
    expect(interpolatedVariables(text)).not.toContain('X')
  })
})
