import { statfs } from 'node:fs/promises'
import type { Logger } from '@licen/sdk'
import type { TrainerChoice } from '../config/parseProviderEnvironment.js'
import { createEmbeddedTrainer } from '../trainer/embedded/createEmbeddedTrainer.js'
import { createExternalTrainer } from '../trainer/external/createExternalTrainer.js'
import type { Trainer } from '../trainer/Trainer.js'

/** Linux `statfs` magic of a tmpfs. */
const TMPFS_MAGIC = 0x01021994

/** Builds the configured trainer; warns when the external trainer's work dir (it holds plaintext) is not a tmpfs. */
export async function createTrainer(choice: TrainerChoice, log: Logger): Promise<Trainer> {
  if (choice.kind === 'embedded') return createEmbeddedTrainer()
  const fs = await statfs(choice.workDir).catch(() => undefined)
  if (fs?.type !== TMPFS_MAGIC) {
    log.warn('trainer work dir is not a tmpfs: the plaintext dataset will touch a disk', {
      workDir: choice.workDir,
    })
  }
  return createExternalTrainer({
    command: choice.command,
    args: choice.args,
    workDir: choice.workDir,
    tokenizer: choice.tokenizer,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  })
}
