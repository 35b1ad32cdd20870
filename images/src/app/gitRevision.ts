import { runCommand } from '../process/runCommand.js'

export type GitRevision = {
  commit: string
  /** The commit's time (committer date), seconds since the epoch: the image's SOURCE_DATE_EPOCH. */
  sourceDateEpoch: number
  /** Whether files under the given paths differ from the commit (changed, deleted or new and not ignored). */
  dirty: boolean
}

const git = (root: string, args: string[], waitingFor: string) =>
  runCommand({ command: 'git', args: ['-C', root, ...args], timeoutMs: 60_000, waitingFor })

/** The checkout's commit, its time, and whether the given paths have uncommitted changes. */
export async function gitRevision(root: string, paths: readonly string[]): Promise<GitRevision> {
  const { stdout } = await git(root, ['log', '-1', '--format=%H %ct', 'HEAD'], 'the current commit')
  const [commit, time] = stdout.trim().split(' ')
  const status = await git(root, ['status', '--porcelain', '--', ...paths], 'git status')
  return { commit: commit!, sourceDateEpoch: Number(time), dirty: status.stdout.trim() !== '' }
}
