import { DevnetError } from '../errors.js'
import type { DevnetContext } from './context.js'
import { ensureDevImage } from './devImages.js'
import { deriveImagePolicies } from './imagePolicy.js'
import type { ImageProgram } from './podmanRunArgs.js'
import type { Part } from './supervisor.js'

const PROGRAMS: readonly ImageProgram[] = ['provider-node', 'orchestrator']

/**
 * `pnpm dev --containers`: the images of the provider node and the orchestrator, built when this checkout's
 * archives are missing (`pnpm image build`) and loaded into podman, before anything else starts; then the
 * provider image's app-compose and policies (see deriveImagePolicies), so the chain allows that policy. Nothing runs
 * afterwards; the part stays "up" so that the supervisor's order and logs hold.
 */
export function imagesPart(ctx: DevnetContext): Part {
  return {
    name: 'images',
    async start(log) {
      const containers = ctx.containers
      if (!containers) throw new DevnetError('no container settings', { code: 'DEVNET_PART_FAILED' })
      for (const program of PROGRAMS) {
        const image = await ensureDevImage({
          program,
          podman: containers.podman,
          rebuild: containers.rebuild,
          log: (line) => log(`${program}: ${line}`),
        })
        containers.images[program] = image
        log(
          `${program}: ${image.reference} ${image.digest} (id ${image.imageId.slice(0, 12)}, ${image.bytes} bytes)`,
        )
      }
      const policies = await deriveImagePolicies(ctx, containers.images['provider-node']!.digest)
      containers.policies = policies
      log(
        `provider image compose hash ${policies.composeHash}; derived policy ${policies.derived.hash} (${policies.derived.file}); the devnet allows "${policies.dev.name}" ${policies.dev.hash}`,
      )
      return { stop: async () => {}, exited: new Promise<string>(() => {}) }
    },
  }
}
