import { BaseError } from '../errors.js'

/** One service of a docker-compose file as far as the generator reads it. */
export type ComposeService = {
  name: string
  image: string | undefined
  /** 1-based line of the image (of the service name when it has none). */
  line: number
  builds: boolean
  /** `environment:` entries without a value (`- NAME` or `NAME:`): passed through from dstack's environment. */
  passthrough: string[]
}

/** `name@sha256:<64 hex>` (an optional registry, path and ignored tag before the digest). */
export const PINNED_IMAGE = /^[a-z0-9][a-z0-9._\-/:]*@sha256:[0-9a-f]{64}$/

/** The digest our committed templates carry until the generator puts the built image's digest in. */
export const PLACEHOLDER_DIGEST = `sha256:${'0'.repeat(64)}`

function invalid(details: string): BaseError {
  return new BaseError('The docker-compose file cannot be read.', { code: 'COMPOSE_INVALID', details })
}

const indentOf = (line: string) => line.length - line.trimStart().length
const isSkipped = (line: string) => line.trim() === '' || line.trimStart().startsWith('#')

/** A plain, single- or double-quoted YAML scalar on one line, without a trailing comment. */
function scalar(text: string): string {
  const value = text.trim()
  if (value.startsWith("'")) return value.replace(/^'((?:[^']|'')*)'\s*(#.*)?$/, '$1').replaceAll("''", "'")
  if (value.startsWith('"')) return value.replace(/^"([^"\\]*)"\s*(#.*)?$/, '$1')
  return value.replace(/\s+#.*$/, '')
}

/**
 * Lists the services of a docker-compose file and their images. It reads the block-style subset our templates
 * and dstack's examples use (a top-level `services:` mapping, one service per key, `image:` on its own line) and
 * refuses what it cannot read for certain (flow style, anchors and merge keys, tabs), so an image can never hide
 * from the pinning check.
 */
export function composeServices(yaml: string): ComposeService[] {
  const lines = yaml.split('\n')
  if (lines.some((line) => line.includes('\t'))) throw invalid('tabs are not allowed in the file')
  const start = lines.findIndex((line) => /^services:\s*(#.*)?$/.test(line))
  if (start < 0) throw invalid('no top-level `services:` mapping in block style')
  const services: ComposeService[] = []
  let serviceIndent: number | undefined
  let propertyIndent: number | undefined
  let inEnvironment = false
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!
    if (isSkipped(line)) continue
    const indent = indentOf(line)
    if (indent === 0) break
    const text = line.trim()
    const bare = text.replace(/'[^']*'|"[^"]*"/g, "''").replace(/\s+#.*$/, '')
    if (/(^|[\s:-])[&*<]/.test(bare) || /^[{[]|[:-]\s*[{[]/.test(bare))
      throw invalid(`line ${i + 1}: anchors, aliases, merge keys and flow style are not read; write it out`)
    serviceIndent ??= indent
    if (indent === serviceIndent) {
      const match = /^([A-Za-z0-9._-]+):\s*(#.*)?$/.exec(text)
      if (!match) throw invalid(`line ${i + 1}: expected a service name`)
      services.push({ name: match[1]!, image: undefined, line: i + 1, builds: false, passthrough: [] })
      propertyIndent = undefined
      inEnvironment = false
      continue
    }
    if (indent < serviceIndent) throw invalid(`line ${i + 1}: indentation does not match the services`)
    const service = services.at(-1)!
    propertyIndent ??= indent
    if (indent !== propertyIndent) {
      const bareName = /^(?:- )?([A-Za-z_][A-Za-z0-9_]*)(?:\s*|:\s*)(#.*)?$/.exec(text)
      if (inEnvironment && bareName && indent > propertyIndent) service.passthrough.push(bareName[1]!)
      continue
    }
    const property = /^([A-Za-z0-9_-]+):(.*)$/.exec(text)
    inEnvironment = property?.[1] === 'environment'
    if (!property) continue
    if (property[1] === 'build') service.builds = true
    if (property[1] === 'image') {
      if (service.image !== undefined)
        throw invalid(`line ${i + 1}: service ${service.name} names two images`)
      service.image = scalar(property[2]!)
      service.line = i + 1
    }
  }
  if (services.length === 0) throw invalid('`services:` is empty')
  return services
}

/**
 * Refuses a compose file in which any service's image is not pinned by digest (a tag, a variable, a build, a
 * missing image or the template's placeholder digest): the compose hash would then not say which code runs.
 */
export function assertImagesPinned(yaml: string): ComposeService[] {
  const services = composeServices(yaml)
  for (const service of services) {
    const why = service.builds
      ? 'builds its image inside the CVM (`build:`)'
      : service.image === undefined
        ? 'names no image'
        : !PINNED_IMAGE.test(service.image)
          ? `names ${JSON.stringify(service.image)}, not name@sha256:<64 hex>`
          : service.image.endsWith(`@${PLACEHOLDER_DIGEST}`)
            ? 'still carries the template placeholder digest (pass --image name@sha256:… of the built image)'
            : undefined
    if (why) {
      throw new BaseError(`Service ${service.name} is not pinned by digest.`, {
        code: 'COMPOSE_IMAGE_NOT_PINNED',
        details: `line ${service.line}: service ${service.name} ${why}`,
      })
    }
  }
  return services
}
