import { CHECK_TITLES, type CheckId, type VerdictCheck, type VerdictCode } from './verdict.js'

/** Collects checks in order; `ok` is true only when every check passed. */
export class CheckList {
  readonly checks: VerdictCheck[] = []
  pass(id: CheckId, reason: string): void {
    this.checks.push({ id, title: CHECK_TITLES[id], status: 'pass', code: undefined, reason })
  }
  fail(id: CheckId, code: VerdictCode, reason: string): void {
    this.checks.push({ id, title: CHECK_TITLES[id], status: 'fail', code, reason })
  }
  skip(id: CheckId, reason: string): void {
    this.checks.push({ id, title: CHECK_TITLES[id], status: 'skipped', code: undefined, reason })
  }
  get ok(): boolean {
    return this.checks.length > 0 && this.checks.every((check) => check.status === 'pass')
  }
}
