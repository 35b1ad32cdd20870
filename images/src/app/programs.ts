/** The programs an image can be built for. */
export const PROGRAMS = {
  'provider-node': {
    package: '@licen/provider-node',
    dir: 'provider-node',
    bin: 'licen-provider',
    description: 'LICEN provider node (TEE training runtime, embedded trainer and base model)',
  },
  orchestrator: {
    package: '@licen/orchestrator',
    dir: 'orchestrator',
    bin: 'licen-orchestrator',
    description: 'LICEN orchestrator',
  },
} as const

export type ProgramName = keyof typeof PROGRAMS
export type Program = (typeof PROGRAMS)[ProgramName]

/**
 * Folders a workspace package needs at run time besides those its `exports` and `bin` point into: the provider's
 * base model and external-trainer script (both covered by its code hash), the attestation policies the CLI reads.
 */
export const RUNTIME_EXTRAS: Readonly<Record<string, readonly string[]>> = {
  'provider-node': ['model', 'python'],
  'attestation-policy': ['policies'],
}

/** The fixed user every program runs as. */
export const RUN_AS = { uid: 10001, gid: 10001, name: 'licen', home: '/home/licen' } as const

export const isProgramName = (name: string): name is ProgramName => Object.hasOwn(PROGRAMS, name)
