import { BaseError } from '../errors.js'
import { canonicalPolicyBytes } from '../policy/policyHash.js'
import type { AttestationPolicy } from '../policy/policySchema.js'
import { PINNED_IMAGE, PLACEHOLDER_DIGEST } from './composeServices.js'

/** The committed orchestrator template's stand-in for the provider policy it embeds. */
export const POLICY_PLACEHOLDER = 'LICEN_PROVIDER_POLICY'

function invalid(shortMessage: string, details: string): BaseError {
  return new BaseError(shortMessage, { code: 'COMPOSE_INVALID', details })
}

/**
 * Fills a committed template (images/compose/<program>/docker-compose.yml): the one image that carries the
 * placeholder digest becomes `image` (the digest `pnpm image build` printed), and in the orchestrator's template
 * the provider policy is embedded as a compose `configs` content, so the orchestrator's compose hash covers the
 * policy it enforces. Refuses a tag, a second placeholder, a policy the template has no place for, or a
 * template that needs one and got none.
 */
export function fillComposeTemplate(
  template: string,
  fill: { image?: string | undefined; providerPolicy?: AttestationPolicy | undefined },
): string {
  let text = template
  if (fill.image !== undefined) {
    if (!PINNED_IMAGE.test(fill.image) || fill.image.endsWith(`@${PLACEHOLDER_DIGEST}`)) {
      throw new BaseError('The image is not pinned by digest.', {
        code: 'COMPOSE_IMAGE_NOT_PINNED',
        details: `--image ${JSON.stringify(fill.image)}: give name@sha256:<64 hex> as pnpm image build prints it`,
      })
    }
    const placeholder = new RegExp(`^(\\s+image:\\s*)\\S+@${PLACEHOLDER_DIGEST}\\s*$`, 'gm')
    const found = text.match(placeholder)?.length ?? 0
    if (found !== 1)
      throw invalid(
        'The template has no single image to fill.',
        `${found} images carry ${PLACEHOLDER_DIGEST}`,
      )
    text = text.replace(placeholder, `$1${fill.image}`)
  }
  const policyLine = new RegExp(`^(\\s+content:\\s*)(["'])${POLICY_PLACEHOLDER}\\2\\s*$`, 'm')
  if (fill.providerPolicy !== undefined) {
    if (fill.providerPolicy.role !== 'provider')
      throw invalid(
        'The embedded policy must be a provider policy.',
        `its role is ${fill.providerPolicy.role}`,
      )
    if (!policyLine.test(text))
      throw invalid('The template embeds no policy.', `no line content: "${POLICY_PLACEHOLDER}"`)
    // One line of canonical JSON in a single-quoted scalar: ' doubles, and $ doubles so compose does not
    // interpolate inside the policy.
    const json = new TextDecoder()
      .decode(canonicalPolicyBytes(fill.providerPolicy))
      .replaceAll("'", "''")
      .replaceAll('$', '$$$$')
    text = text.replace(policyLine, (_, prefix: string) => `${prefix}'${json}'`)
  } else if (policyLine.test(text)) {
    throw invalid(
      'The template embeds the provider policy.',
      'pass --policy <provider-policy.json> (licen-attest policy derive --role provider writes it)',
    )
  }
  return text
}
