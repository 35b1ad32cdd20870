// Tables the indexer fills from DataPolicy events; each export becomes a GraphQL type with a singular query
// (`dataset(id: …)`) and a paginated plural query (`datasets(where:, orderBy:, …)`). Hex values are lowercase;
// uint32/uint40/uint96/uint256 values are `bigint` (strings in GraphQL), uint8/uint16 values are integers.
import { index, onchainEnum, onchainTable, relations } from 'ponder'

/** Job lifecycle states as the contract names them (`None` never appears: a job row exists once granted). */
export const JobState = onchainEnum('job_state', ['Granted', 'Running', 'Completed', 'Failed', 'Reclaimed'])

/** Every event DataPolicy can emit, as named in its ABI. */
export const EventName = onchainEnum('event_name', [
  'AccessGranted',
  'AttestationPolicySet',
  'DatasetActiveSet',
  'DatasetCommitted',
  'DatasetOwnerReplaced',
  'DatasetRegistered',
  'EIP712DomainChanged',
  'JobCompleted',
  'JobFailed',
  'JobReclaimed',
  'JobStarted',
  'ManifestUpdated',
  'OrchestratorSet',
  'OwnershipTransferStarted',
  'OwnershipTransferred',
  'PolicyUpdated',
  'ProtocolFeeSet',
  'ProviderActiveSet',
  'ProviderRegistered',
  'ProviderUpdated',
  'ReleaseKeyRegistered',
  'ReleaseKeyRetired',
  'ReleaseKeyRevoked',
  'Withdrawn',
])

/**
 * What an attestation policy vouches for, as its policy file's `role` spells it (`IDataPolicy.PolicyRole` 1 and 2;
 * `None` never appears: the contract refuses it).
 */
export const PolicyRole = onchainEnum('policy_role', ['provider', 'orchestrator'])

/** Release key statuses as the contract names them (`None` never appears: a row exists once registered). */
export const ReleaseKeyStatus = onchainEnum('release_key_status', ['Active', 'Retired', 'Revoked'])

/** A registered dataset with its current policy, job counts and royalties earned. */
export const dataset = onchainTable(
  'dataset',
  (t) => ({
    /** The dataset root (0G root of the LCN1 ciphertext). */
    id: t.hex().primaryKey(),
    owner: t.hex().notNull(),
    manifestHash: t.hex().notNull(),
    active: t.boolean().notNull(),
    policyVersion: t.integer().notNull(),
    royaltyPerEpoch: t.bigint().notNull(),
    maxEpochsPerJob: t.integer().notNull(),
    maxActiveJobsPerRequester: t.integer().notNull(),
    sessionTtl: t.bigint().notNull(),
    expiry: t.bigint().notNull(),
    allowedPurposes: t.bigint().notNull(),
    attestationPolicy: t.hex().notNull(),
    jobCount: t.integer().notNull(),
    openJobCount: t.integer().notNull(),
    completedJobCount: t.integer().notNull(),
    failedJobCount: t.integer().notNull(),
    reclaimedJobCount: t.integer().notNull(),
    epochsTrained: t.bigint().notNull(),
    /** Royalties credited to the owner (after the protocol fee). */
    royaltyEarned: t.bigint().notNull(),
    registeredAt: t.bigint().notNull(),
    registeredBlock: t.bigint().notNull(),
    registeredTx: t.hex().notNull(),
    updatedAt: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    ownerIdx: index().on(table.owner),
    activeIdx: index().on(table.active),
    royaltyIdx: index().on(table.royaltyPerEpoch),
  }),
)

/** Every version of every dataset's policy (id `<datasetRoot>:<version>`). */
export const policyVersion = onchainTable(
  'policy_version',
  (t) => ({
    id: t.text().primaryKey(),
    datasetRoot: t.hex().notNull(),
    version: t.integer().notNull(),
    /** The dataset owner who wrote this version: jobs granted under it pay their royalty to this account. */
    owner: t.hex().notNull(),
    /** The manifest jobs granted under this version use (the contract's `manifestAt(datasetRoot, version)`). */
    manifestHash: t.hex().notNull(),
    royaltyPerEpoch: t.bigint().notNull(),
    maxEpochsPerJob: t.integer().notNull(),
    maxActiveJobsPerRequester: t.integer().notNull(),
    sessionTtl: t.bigint().notNull(),
    expiry: t.bigint().notNull(),
    allowedPurposes: t.bigint().notNull(),
    attestationPolicy: t.hex().notNull(),
    createdAt: t.bigint().notNull(),
    createdBlock: t.bigint().notNull(),
    createdTx: t.hex().notNull(),
  }),
  (table) => ({
    datasetIdx: index().on(table.datasetRoot),
  }),
)

/** A registered provider with its job counts and pay earned. */
export const provider = onchainTable(
  'provider',
  (t) => ({
    id: t.bigint().primaryKey(),
    operator: t.hex().notNull(),
    endpoint: t.text().notNull(),
    pricePerEpoch: t.bigint().notNull(),
    active: t.boolean().notNull(),
    jobCount: t.integer().notNull(),
    openJobCount: t.integer().notNull(),
    completedJobCount: t.integer().notNull(),
    failedJobCount: t.integer().notNull(),
    reclaimedJobCount: t.integer().notNull(),
    epochsTrained: t.bigint().notNull(),
    /** Pay credited to the operator (after the protocol fee). */
    earned: t.bigint().notNull(),
    registeredAt: t.bigint().notNull(),
    registeredBlock: t.bigint().notNull(),
    registeredTx: t.hex().notNull(),
    updatedAt: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    operatorIdx: index().on(table.operator),
    activeIdx: index().on(table.active),
    priceIdx: index().on(table.pricePerEpoch),
  }),
)

/** An attestation policy hash the admin allowed or disallowed, with where its file lives. */
export const attestationPolicyRecord = onchainTable('attestation_policy', (t) => ({
  /** The policy hash (keccak256 of its canonical JSON). */
  id: t.hex().primaryKey(),
  allowed: t.boolean().notNull(),
  uri: t.text().notNull(),
  /** Provider policies start jobs; orchestrator policies vouch for release keys. Fixed on chain once set. */
  role: PolicyRole('role').notNull(),
  /** Jobs started under this policy. */
  jobsStarted: t.integer().notNull(),
  updatedAt: t.bigint().notNull(),
  updatedBlock: t.bigint().notNull(),
}))

/** An orchestrator release key (id: its key id): datasets' keys are sealed to the newest Active one. */
export const releaseKey = onchainTable(
  'release_key',
  (t) => ({
    id: t.bigint().primaryKey(),
    /** 33-byte compressed secp256k1 public key. */
    publicKey: t.hex().notNull(),
    /** Storage root of the key's attestation evidence. */
    evidenceRef: t.hex().notNull(),
    /** Orchestrator-role attestation policy the evidence satisfies. */
    policyHash: t.hex().notNull(),
    status: ReleaseKeyStatus('status').notNull(),
    registeredAt: t.bigint().notNull(),
    /** The contract's `registeredAt`. */
    registeredBlock: t.bigint().notNull(),
    registeredTx: t.hex().notNull(),
    retiredAt: t.bigint(),
    retiredBlock: t.bigint(),
    revokedAt: t.bigint(),
    revokedBlock: t.bigint(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    statusIdx: index().on(table.status),
    policyIdx: index().on(table.policyHash),
  }),
)

/** A job: every field the contract stores, the event-only values, payouts and per-transition timestamps. */
export const job = onchainTable(
  'job',
  (t) => ({
    id: t.bigint().primaryKey(),
    datasetRoot: t.hex().notNull(),
    requester: t.hex().notNull(),
    providerId: t.bigint().notNull(),
    epochs: t.integer().notNull(),
    purposeId: t.integer().notNull(),
    royaltyPerEpoch: t.bigint().notNull(),
    pricePerEpoch: t.bigint().notNull(),
    policyVersion: t.integer().notNull(),
    feeBps: t.integer().notNull(),
    deadline: t.bigint().notNull(),
    resultPubKey: t.hex().notNull(),
    /** First 12 bytes of keccak256(resultPubKey), as the contract stores it. */
    resultKeyTag: t.hex().notNull(),
    /** (royaltyPerEpoch + pricePerEpoch) × epochs. */
    escrow: t.bigint().notNull(),
    state: JobState('state').notNull(),
    enclaveSigner: t.hex(),
    attestationRef: t.hex(),
    policyHash: t.hex(),
    /** Epochs settled; 0 unless Completed (as the contract stores it). */
    actualEpochs: t.integer().notNull(),
    resultRoot: t.hex(),
    receiptsHead: t.hex(),
    codeHash: t.hex(),
    /** Payouts and refund: null while open, set when the job closes (zeros except `refund` unless Completed). */
    ownerAmount: t.bigint(),
    providerAmount: t.bigint(),
    feeAmount: t.bigint(),
    refund: t.bigint(),
    failureReason: t.hex(),
    /** `failureReason` as ASCII when it is a printable, right-padded code; null otherwise. */
    failureCode: t.text(),
    failedByEnclave: t.boolean(),
    reclaimedBy: t.hex(),
    grantedAt: t.bigint().notNull(),
    grantedBlock: t.bigint().notNull(),
    grantedTx: t.hex().notNull(),
    startedAt: t.bigint(),
    startedBlock: t.bigint(),
    startedTx: t.hex(),
    completedAt: t.bigint(),
    failedAt: t.bigint(),
    reclaimedAt: t.bigint(),
    closedBlock: t.bigint(),
    closedTx: t.hex(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    requesterIdx: index().on(table.requester),
    datasetIdx: index().on(table.datasetRoot),
    providerIdx: index().on(table.providerId),
    stateIdx: index().on(table.state),
  }),
)

/** Credited and withdrawn totals of an account; `balance` equals the contract's `credits(account)`. */
export const account = onchainTable('account', (t) => ({
  id: t.hex().primaryKey(),
  credited: t.bigint().notNull(),
  withdrawn: t.bigint().notNull(),
  balance: t.bigint().notNull(),
  updatedBlock: t.bigint().notNull(),
}))

/** An account that holds or held the orchestrator role. */
export const orchestrator = onchainTable('orchestrator', (t) => ({
  id: t.hex().primaryKey(),
  allowed: t.boolean().notNull(),
  updatedAt: t.bigint().notNull(),
  updatedBlock: t.bigint().notNull(),
}))

/** Protocol-wide state of one DataPolicy contract (id: its address): admin, fee, totals. */
export const protocol = onchainTable('protocol', (t) => ({
  id: t.hex().primaryKey(),
  owner: t.hex().notNull(),
  pendingOwner: t.hex().notNull(),
  feeBps: t.integer().notNull(),
  treasury: t.hex().notNull(),
  datasetCount: t.integer().notNull(),
  providerCount: t.integer().notNull(),
  jobCount: t.integer().notNull(),
  /** Escrow held for open (Granted or Running) jobs. */
  escrowHeld: t.bigint().notNull(),
  feesEarned: t.bigint().notNull(),
  updatedBlock: t.bigint().notNull(),
}))

/** The activity feed: one row per event, id `<block:012>:<logIndex:06>` so ordering by id is chain order. */
export const activityEvent = onchainTable(
  'activity_event',
  (t) => ({
    id: t.text().primaryKey(),
    name: EventName('name').notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
    datasetRoot: t.hex(),
    jobId: t.bigint(),
    providerId: t.bigint(),
    /** The account whose feed the event belongs to (owner, operator, requester, or the account named). */
    account: t.hex(),
    /** The event's arguments: hex lowercase, integers as decimal strings. */
    args: t.json().notNull(),
  }),
  (table) => ({
    datasetIdx: index().on(table.datasetRoot),
    jobIdx: index().on(table.jobId),
    providerIdx: index().on(table.providerId),
    accountIdx: index().on(table.account),
    nameIdx: index().on(table.name),
  }),
)

export const datasetRelations = relations(dataset, ({ many }) => ({
  jobs: many(job),
  policies: many(policyVersion),
  activity: many(activityEvent),
}))

export const policyVersionRelations = relations(policyVersion, ({ one }) => ({
  dataset: one(dataset, { fields: [policyVersion.datasetRoot], references: [dataset.id] }),
}))

export const providerRelations = relations(provider, ({ many }) => ({
  jobs: many(job),
}))

export const attestationPolicyRecordRelations = relations(attestationPolicyRecord, ({ many }) => ({
  jobs: many(job),
  releaseKeys: many(releaseKey),
}))

export const releaseKeyRelations = relations(releaseKey, ({ one }) => ({
  attestationPolicy: one(attestationPolicyRecord, {
    fields: [releaseKey.policyHash],
    references: [attestationPolicyRecord.id],
  }),
}))

export const jobRelations = relations(job, ({ one, many }) => ({
  dataset: one(dataset, { fields: [job.datasetRoot], references: [dataset.id] }),
  provider: one(provider, { fields: [job.providerId], references: [provider.id] }),
  attestationPolicy: one(attestationPolicyRecord, {
    fields: [job.policyHash],
    references: [attestationPolicyRecord.id],
  }),
  activity: many(activityEvent),
}))

export const activityEventRelations = relations(activityEvent, ({ one }) => ({
  dataset: one(dataset, { fields: [activityEvent.datasetRoot], references: [dataset.id] }),
  job: one(job, { fields: [activityEvent.jobId], references: [job.id] }),
  provider: one(provider, { fields: [activityEvent.providerId], references: [provider.id] }),
}))
