// The rows every indexer table must hold, derived from the contract itself: state from its view functions
// (read through viem), values the contract keeps only in events from its logs, and counters by counting the
// contract's own job views. Independent of the handlers, so comparing the indexer with these checks them.
import { dataPolicyAbi } from '@licen/contracts'
import {
  type Dataset,
  JOB_STATES,
  type Job,
  type Policy,
  type Provider,
  policyRoleName,
  RELEASE_KEY_STATUSES,
  type ReleaseKey,
} from '@licen/sdk'
import { type Address, type Hex, hexToString, zeroAddress, zeroHash } from 'viem'
import type { DataPolicyEvent, DataPolicyEventName, TableName } from '../src/handlers/types.js'
import type { Chainside } from './chain.js'
import type { History } from './history.js'

/** A row as GraphQL returns it: integers above 32 bits as strings, hex lowercase, null when unset. */
export type JsonRow = Record<string, unknown>
/** Every table's rows keyed by id. */
export type TablesJson = Record<TableName, Record<string, JsonRow>>

type Of<name extends DataPolicyEventName> = Extract<DataPolicyEvent, { name: name }>

const low = (value: string) => value.toLowerCase()
const s = (value: bigint | number) => value.toString()
/** The latest of some events (by block, then log index). */
function lastEvent(events: (DataPolicyEvent | undefined)[]): DataPolicyEvent {
  const present = events.filter((e): e is DataPolicyEvent => e !== undefined)
  return present.reduce((a, b) =>
    b.meta.blockNumber > a.meta.blockNumber ||
    (b.meta.blockNumber === a.meta.blockNumber && b.meta.logIndex > a.meta.logIndex)
      ? b
      : a,
  )
}
const maxBlock = (events: (DataPolicyEvent | undefined)[]) => s(lastEvent(events).meta.blockNumber)

/** Derives every table's expected rows from the contract's views and logs. */
export async function expectedRows(
  chain: Chainside,
  events: DataPolicyEvent[],
  history: History,
): Promise<TablesJson> {
  const read = <result>(functionName: string, args: unknown[] = [], blockNumber?: bigint) =>
    chain.client.readContract({
      address: chain.address,
      abi: dataPolicyAbi,
      functionName,
      args,
      ...(blockNumber === undefined ? {} : { blockNumber }),
    } as never) as Promise<result>
  const all = <name extends DataPolicyEventName>(name: name) =>
    events.filter((e): e is Of<name> => e.name === name)
  const tables: TablesJson = {
    dataset: {},
    policyVersion: {},
    provider: {},
    attestationPolicyRecord: {},
    releaseKey: {},
    job: {},
    account: {},
    orchestrator: {},
    protocol: {},
    activityEvent: {},
  }

  type JobView = Awaited<ReturnType<typeof readJob>>
  const readJob = (id: bigint) => read<Job>('getJob', [id])
  const jobCount = (await read<bigint>('nextJobId')) - 1n
  const jobs = new Map<bigint, JobView>()
  for (let id = 1n; id <= jobCount; id++) jobs.set(id, await readJob(id))
  const escrowOf = (job: JobView) => (job.royaltyPerEpoch + job.pricePerEpoch) * BigInt(job.epochs)
  const isOpen = (job: JobView) => job.state === 1 || job.state === 2
  const closeOf = (id: bigint) =>
    events.find(
      (e): e is Of<'JobCompleted'> | Of<'JobFailed'> | Of<'JobReclaimed'> =>
        (e.name === 'JobCompleted' || e.name === 'JobFailed' || e.name === 'JobReclaimed') &&
        e.args.jobId === id,
    )
  const jobEvents = (id: bigint) =>
    events.filter(
      (e) =>
        (e.name === 'AccessGranted' ||
          e.name === 'JobStarted' ||
          e.name === 'JobCompleted' ||
          e.name === 'JobFailed' ||
          e.name === 'JobReclaimed') &&
        e.args.jobId === id,
    )
  const closedJobEvents = events.filter(
    (e): e is Of<'JobCompleted'> | Of<'JobFailed'> | Of<'JobReclaimed'> =>
      e.name === 'JobCompleted' || e.name === 'JobFailed' || e.name === 'JobReclaimed',
  )

  // Jobs: the contract's view, plus what only its events carry.
  for (const [id, view] of jobs) {
    const granted = all('AccessGranted').find((e) => e.args.jobId === id)!
    const started = all('JobStarted').find((e) => e.args.jobId === id)
    const closed = closeOf(id)
    const completed = closed?.name === 'JobCompleted' ? closed : undefined
    const failed = closed?.name === 'JobFailed' ? closed : undefined
    const reclaimed = closed?.name === 'JobReclaimed' ? closed : undefined
    tables.job[s(id)] = {
      id: s(id),
      datasetRoot: low(view.datasetRoot),
      requester: low(view.requester),
      providerId: s(view.providerId),
      epochs: view.epochs,
      purposeId: view.purposeId,
      royaltyPerEpoch: s(view.royaltyPerEpoch),
      pricePerEpoch: s(view.pricePerEpoch),
      policyVersion: view.policyVersion,
      feeBps: view.feeBps,
      deadline: s(view.deadline),
      resultPubKey: low(granted.args.resultPubKey),
      resultKeyTag: low(view.resultKeyTag),
      escrow: s(escrowOf(view)),
      state: JOB_STATES[view.state],
      enclaveSigner: view.enclaveSigner === zeroAddress ? null : low(view.enclaveSigner),
      attestationRef: view.attestationRef === zeroHash ? null : low(view.attestationRef),
      policyHash: started ? low(started.args.policyHash) : null,
      actualEpochs: view.actualEpochs,
      resultRoot: completed ? low(completed.args.resultRoot) : null,
      receiptsHead: completed ? low(completed.args.receiptsHead) : null,
      codeHash: completed ? low(completed.args.codeHash) : null,
      ownerAmount: completed ? s(completed.args.ownerAmount) : closed ? '0' : null,
      providerAmount: completed ? s(completed.args.providerAmount) : closed ? '0' : null,
      feeAmount: completed ? s(completed.args.feeAmount) : closed ? '0' : null,
      refund: closed ? s(closed.args.refund) : null,
      failureReason: failed ? low(failed.args.reason) : null,
      failureCode: failed ? hexToString(failed.args.reason).replace(/\0+$/, '') : null,
      failedByEnclave: failed ? failed.args.byEnclave : null,
      reclaimedBy: reclaimed ? low(reclaimed.args.caller) : null,
      grantedAt: s(granted.meta.timestamp),
      grantedBlock: s(granted.meta.blockNumber),
      grantedTx: low(granted.meta.txHash),
      startedAt: started ? s(started.meta.timestamp) : null,
      startedBlock: started ? s(started.meta.blockNumber) : null,
      startedTx: started ? low(started.meta.txHash) : null,
      completedAt: completed ? s(completed.meta.timestamp) : null,
      failedAt: failed ? s(failed.meta.timestamp) : null,
      reclaimedAt: reclaimed ? s(reclaimed.meta.timestamp) : null,
      closedBlock: closed ? s(closed.meta.blockNumber) : null,
      closedTx: closed ? low(closed.meta.txHash) : null,
      updatedBlock: maxBlock(jobEvents(id)),
    }
  }

  // Counters shared by datasets and providers, counted from the job views.
  const countJobs = (belongs: (job: JobView) => boolean) => {
    const mine = [...jobs].filter(([, job]) => belongs(job))
    const completedEvents = mine.map(([id]) => closeOf(id)).filter((e) => e?.name === 'JobCompleted')
    return {
      jobCount: mine.length,
      openJobCount: mine.filter(([, job]) => isOpen(job)).length,
      completedJobCount: mine.filter(([, job]) => job.state === 3).length,
      failedJobCount: mine.filter(([, job]) => job.state === 4).length,
      reclaimedJobCount: mine.filter(([, job]) => job.state === 5).length,
      epochsTrained: s(mine.reduce((sum, [, job]) => sum + BigInt(job.actualEpochs), 0n)),
      ownerEarned: completedEvents.reduce((sum, e) => sum + (e as Of<'JobCompleted'>).args.ownerAmount, 0n),
      providerEarned: completedEvents.reduce(
        (sum, e) => sum + (e as Of<'JobCompleted'>).args.providerAmount,
        0n,
      ),
      events: mine.flatMap(([id]) => [all('AccessGranted').find((e) => e.args.jobId === id), closeOf(id)]),
    }
  }

  const policyJson = (policy: Policy) => ({
    royaltyPerEpoch: s(policy.royaltyPerEpoch),
    maxEpochsPerJob: policy.maxEpochsPerJob,
    maxActiveJobsPerRequester: policy.maxActiveJobsPerRequester,
    sessionTtl: s(policy.sessionTtl),
    expiry: s(policy.expiry),
    allowedPurposes: s(policy.allowedPurposes),
    attestationPolicy: low(policy.attestationPolicy),
  })

  // Datasets and their policy history.
  const owners = new Map<string, string>()
  for (const registered of all('DatasetRegistered')) {
    const root = low(registered.args.datasetRoot) as Hex
    const view = await read<Dataset>('getDataset', [root])
    owners.set(root, low(view.owner))
    const current = await read<Policy>('getPolicy', [root, view.policyVersion])
    const counts = countJobs((job) => low(job.datasetRoot) === root)
    const own = events.filter(
      (e) =>
        (e.name === 'DatasetRegistered' ||
          e.name === 'PolicyUpdated' ||
          e.name === 'DatasetActiveSet' ||
          e.name === 'DatasetOwnerReplaced' ||
          e.name === 'ManifestUpdated') &&
        low(e.args.datasetRoot) === root,
    )
    const last = lastEvent([...own, ...counts.events])
    tables.dataset[root] = {
      id: root,
      owner: low(view.owner),
      manifestHash: low(view.manifestHash),
      active: view.active,
      policyVersion: view.policyVersion,
      ...policyJson(current),
      jobCount: counts.jobCount,
      openJobCount: counts.openJobCount,
      completedJobCount: counts.completedJobCount,
      failedJobCount: counts.failedJobCount,
      reclaimedJobCount: counts.reclaimedJobCount,
      epochsTrained: counts.epochsTrained,
      royaltyEarned: s(counts.ownerEarned),
      registeredAt: s(registered.meta.timestamp),
      registeredBlock: s(registered.meta.blockNumber),
      registeredTx: low(registered.meta.txHash),
      updatedAt: s(last.meta.timestamp),
      updatedBlock: s(last.meta.blockNumber),
    }
    for (let version = 1; version <= view.policyVersion; version++) {
      const created =
        version === 1
          ? registered
          : (all('PolicyUpdated').find(
              (e) => low(e.args.datasetRoot) === root && e.args.version === version,
            ) ??
              all('DatasetOwnerReplaced').find(
                (e) => low(e.args.datasetRoot) === root && e.args.policyVersion === version,
              ))!
      // The owner who wrote the version: the last (re)registration at or below it.
      const replacedBy = all('DatasetOwnerReplaced')
        .filter((e) => low(e.args.datasetRoot) === root && e.args.policyVersion <= version)
        .at(-1)
      tables.policyVersion[`${root}:${version}`] = {
        id: `${root}:${version}`,
        datasetRoot: root,
        version,
        owner: low(replacedBy ? replacedBy.args.owner : registered.args.owner),
        manifestHash: low(await read<Hex>('manifestAt', [root, version])),
        ...policyJson(await read<Policy>('getPolicy', [root, version])),
        createdAt: s(created.meta.timestamp),
        createdBlock: s(created.meta.blockNumber),
        createdTx: low(created.meta.txHash),
      }
    }
  }

  // Providers.
  const providerCount = (await read<number>('nextProviderId')) - 1
  const operators = new Map<number, string>()
  for (let id = 1; id <= providerCount; id++) {
    const view = await read<Provider>('getProvider', [id])
    operators.set(id, low(view.operator))
    const registered = all('ProviderRegistered').find((e) => e.args.providerId === id)!
    const counts = countJobs((job) => job.providerId === id)
    const own = events.filter(
      (e) =>
        (e.name === 'ProviderRegistered' || e.name === 'ProviderUpdated' || e.name === 'ProviderActiveSet') &&
        e.args.providerId === id,
    )
    const last = lastEvent([...own, ...counts.events])
    tables.provider[s(id)] = {
      id: s(id),
      operator: low(view.operator),
      endpoint: view.endpoint,
      pricePerEpoch: s(view.pricePerEpoch),
      active: view.active,
      jobCount: counts.jobCount,
      openJobCount: counts.openJobCount,
      completedJobCount: counts.completedJobCount,
      failedJobCount: counts.failedJobCount,
      reclaimedJobCount: counts.reclaimedJobCount,
      epochsTrained: counts.epochsTrained,
      earned: s(counts.providerEarned),
      registeredAt: s(registered.meta.timestamp),
      registeredBlock: s(registered.meta.blockNumber),
      registeredTx: low(registered.meta.txHash),
      updatedAt: s(last.meta.timestamp),
      updatedBlock: s(last.meta.blockNumber),
    }
  }

  // Attestation policies and orchestrators: the view says allowed or not; logs say when and where.
  for (const hash of new Set(all('AttestationPolicySet').map((e) => low(e.args.policyHash)))) {
    const last = all('AttestationPolicySet')
      .filter((e) => low(e.args.policyHash) === hash)
      .at(-1)!
    tables.attestationPolicyRecord[hash] = {
      id: hash,
      allowed: await read<boolean>('isAttestationPolicyAllowed', [hash]),
      uri: last.args.uri,
      role: policyRoleName(await read<number>('attestationPolicyRole', [hash])),
      jobsStarted: all('JobStarted').filter((e) => low(e.args.policyHash) === hash).length,
      updatedAt: s(last.meta.timestamp),
      updatedBlock: s(last.meta.blockNumber),
    }
  }
  // Release keys: the view gives the key and its status (registeredAt is the registration block); logs say when.
  const releaseKeyCount = (await read<number>('nextReleaseKeyId')) - 1
  for (let id = 1; id <= releaseKeyCount; id++) {
    const view = await read<ReleaseKey>('getReleaseKey', [id])
    const registered = all('ReleaseKeyRegistered').find((e) => e.args.keyId === id)!
    const retired = all('ReleaseKeyRetired').find((e) => e.args.keyId === id)
    const revoked = all('ReleaseKeyRevoked').find((e) => e.args.keyId === id)
    tables.releaseKey[s(id)] = {
      id: s(id),
      publicKey: low(view.publicKey),
      evidenceRef: low(view.evidenceRef),
      policyHash: low(view.policyHash),
      status: RELEASE_KEY_STATUSES[view.status],
      registeredAt: s(registered.meta.timestamp),
      registeredBlock: s(view.registeredAt),
      registeredTx: low(registered.meta.txHash),
      retiredAt: retired ? s(retired.meta.timestamp) : null,
      retiredBlock: retired ? s(retired.meta.blockNumber) : null,
      revokedAt: revoked ? s(revoked.meta.timestamp) : null,
      revokedBlock: revoked ? s(revoked.meta.blockNumber) : null,
      updatedBlock: maxBlock([registered, retired, revoked]),
    }
  }
  for (const account of new Set(all('OrchestratorSet').map((e) => low(e.args.account)))) {
    const last = all('OrchestratorSet')
      .filter((e) => low(e.args.account) === account)
      .at(-1)!
    tables.orchestrator[account] = {
      id: account,
      allowed: await read<boolean>('isOrchestrator', [account]),
      updatedAt: s(last.meta.timestamp),
      updatedBlock: s(last.meta.blockNumber),
    }
  }

  // Accounts: balance from credits(); credited = balance + withdrawn; touched by credits and withdrawals.
  const touches = new Map<string, bigint>()
  const touch = (account: string, amount: bigint, blockNumber: bigint) => {
    if (amount > 0n)
      touches.set(account, blockNumber > (touches.get(account) ?? 0n) ? blockNumber : touches.get(account)!)
  }
  for (const e of closedJobEvents) {
    const job = jobs.get(e.args.jobId)!
    touch(low(job.requester), e.args.refund, e.meta.blockNumber)
    if (e.name !== 'JobCompleted') continue
    const [, treasury] = await read<[number, Address]>('protocolFee', [], e.meta.blockNumber)
    touch(low(treasury), e.args.feeAmount, e.meta.blockNumber)
    touch(owners.get(low(job.datasetRoot))!, e.args.ownerAmount, e.meta.blockNumber)
    touch(operators.get(job.providerId)!, e.args.providerAmount, e.meta.blockNumber)
  }
  for (const e of all('Withdrawn')) touch(low(e.args.account), e.args.amount, e.meta.blockNumber)
  for (const account of history.accounts.map(low)) {
    const balance = await read<bigint>('credits', [account])
    const withdrawn = all('Withdrawn')
      .filter((e) => low(e.args.account) === account)
      .reduce((sum, e) => sum + e.args.amount, 0n)
    if (balance + withdrawn === 0n) continue
    tables.account[account] = {
      id: account,
      credited: s(balance + withdrawn),
      withdrawn: s(withdrawn),
      balance: s(balance),
      updatedBlock: s(touches.get(account)!),
    }
  }

  // Protocol.
  const [feeBps, treasury] = await read<[number, Address]>('protocolFee')
  const protocolEvents: DataPolicyEventName[] = [
    'DatasetRegistered',
    'ProviderRegistered',
    'ProtocolFeeSet',
    'OwnershipTransferStarted',
    'OwnershipTransferred',
    'AccessGranted',
    'JobCompleted',
    'JobFailed',
    'JobReclaimed',
  ]
  tables.protocol[low(chain.address)] = {
    id: low(chain.address),
    owner: low(await read<Address>('owner')),
    pendingOwner: low(await read<Address>('pendingOwner')),
    feeBps,
    treasury: low(treasury),
    datasetCount: all('DatasetRegistered').length,
    providerCount,
    jobCount: Number(jobCount),
    escrowHeld: s([...jobs.values()].filter(isOpen).reduce((sum, job) => sum + escrowOf(job), 0n)),
    feesEarned: s(all('JobCompleted').reduce((sum, e) => sum + e.args.feeAmount, 0n)),
    updatedBlock: maxBlock(events.filter((e) => protocolEvents.includes(e.name))),
  }

  // Activity feed: one row per log.
  for (const e of events) {
    const id = `${e.meta.blockNumber.toString().padStart(12, '0')}:${e.meta.logIndex.toString().padStart(6, '0')}`
    tables.activityEvent[id] = {
      id,
      name: e.name,
      blockNumber: s(e.meta.blockNumber),
      timestamp: s(e.meta.timestamp),
      txHash: low(e.meta.txHash),
      logIndex: e.meta.logIndex,
      datasetRoot: null,
      jobId: null,
      providerId: null,
      account: null,
      ...subjectOf(e, jobs, owners, operators),
      args: JSON.parse(
        JSON.stringify(e.args, (_, value) =>
          typeof value === 'bigint' || typeof value === 'number'
            ? value.toString()
            : typeof value === 'string' && /^0x[0-9a-fA-F]{40}$/.test(value)
              ? value.toLowerCase()
              : value,
        ),
      ),
    }
  }
  return tables
}

/** Which dataset, job, provider and account an event concerns. */
function subjectOf(
  e: DataPolicyEvent,
  jobs: Map<bigint, { datasetRoot: Hex; providerId: number; requester: Address }>,
  owners: Map<string, string>,
  operators: Map<number, string>,
): JsonRow {
  switch (e.name) {
    case 'DatasetRegistered':
    case 'DatasetOwnerReplaced':
      return { datasetRoot: low(e.args.datasetRoot), account: low(e.args.owner) }
    case 'PolicyUpdated':
    case 'DatasetActiveSet':
    case 'ManifestUpdated':
      return { datasetRoot: low(e.args.datasetRoot), account: owners.get(low(e.args.datasetRoot)) }
    case 'ProviderRegistered':
    case 'ProviderUpdated':
    case 'ProviderActiveSet':
      return { providerId: s(e.args.providerId), account: operators.get(e.args.providerId) }
    case 'OrchestratorSet':
    case 'Withdrawn':
      return { account: low(e.args.account) }
    case 'ProtocolFeeSet':
      return { account: low(e.args.treasury) }
    case 'OwnershipTransferStarted':
    case 'OwnershipTransferred':
      return { account: low(e.args.newOwner) }
    case 'AccessGranted':
    case 'JobStarted':
    case 'JobCompleted':
    case 'JobFailed':
    case 'JobReclaimed': {
      const job = jobs.get(e.args.jobId)!
      return {
        jobId: s(e.args.jobId),
        datasetRoot: low(job.datasetRoot),
        providerId: s(job.providerId),
        account: low(job.requester),
      }
    }
    default:
      return {}
  }
}
