// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IDataPolicy
/// @notice Usage policies, escrow and settlement for licensing encrypted training datasets to attested TEE
///         providers. A dataset owner registers a dataset (its 0G root) with a policy; a researcher escrows
///         payment for N epochs with a provider; an orchestrator starts the job once the provider's quote passes
///         the required attestation policy; the job's enclave key signs the result manifest that settles it.
/// @dev Job states only move forward: Granted → Running → Completed | Failed | Reclaimed (Granted may also go
///      straight to Failed or Reclaimed). Every state change emits an event carrying enough to rebuild the
///      contract's view from logs alone; values the contract does not need for its own checks (result root,
///      receipts head, policy hash) live only in events.
interface IDataPolicy {
    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice Lifecycle state of a job. `None` marks an unknown job id.
    enum JobState {
        None,
        Granted,
        Running,
        Completed,
        Failed,
        Reclaimed
    }

    /// @notice What an attestation policy may vouch for; the role is part of the hashed policy file and is fixed on
    ///         chain the first time the hash is set. `None` marks a hash the admin never set.
    /// @dev `Provider`: a training node's quote, checked by `startJob`. `Orchestrator`: a release key's evidence,
    ///      checked by `registerReleaseKey`. A policy of one role is refused where the other is required.
    enum PolicyRole {
        None,
        Provider,
        Orchestrator
    }

    /// @notice Lifecycle of a release key. `None` marks an unknown key id.
    /// @dev Active → Retired → Revoked, or Active → Revoked. Retired: no new seals (publishers use
    ///      `currentReleaseKey`), datasets sealed to it stay releasable. Revoked: no further releases; the
    ///      orchestrator fails new jobs of datasets sealed to it (`markJobFailed`, full refund).
    enum ReleaseKeyStatus {
        None,
        Active,
        Retired,
        Revoked
    }

    /// @notice An orchestrator release key: datasets' keys are sealed to it.
    /// @param publicKey 33-byte compressed secp256k1 public key.
    /// @param evidenceRef Storage (0G) root of the key's attestation evidence (quote, event log, collateral).
    /// @param policyHash Orchestrator-role attestation policy the evidence must satisfy.
    /// @param status Current status.
    /// @param registeredAt Block in which the key was registered.
    struct ReleaseKey {
        bytes publicKey;
        bytes32 evidenceRef;
        bytes32 policyHash;
        ReleaseKeyStatus status;
        uint64 registeredAt;
    }

    /// @notice The terms a dataset owner sets for new jobs.
    /// @param royaltyPerEpoch Wei paid to the dataset owner per epoch actually trained (may be zero).
    /// @param maxEpochsPerJob Largest number of epochs one job may escrow (≥ 1).
    /// @param maxActiveJobsPerRequester Open (Granted or Running) jobs one requester may hold on the dataset (≥ 1).
    /// @param sessionTtl Seconds from grant until the job's deadline.
    /// @param expiry Unix time after which no new job is granted; zero means never.
    /// @param allowedPurposes Bitmap of allowed purpose ids (bit i allows purpose i, i < 32; non-zero).
    /// @param attestationPolicy Attestation policy hash providers must satisfy; zero accepts any allowed policy.
    struct Policy {
        uint96 royaltyPerEpoch;
        uint16 maxEpochsPerJob;
        uint16 maxActiveJobsPerRequester;
        uint32 sessionTtl;
        uint40 expiry;
        uint32 allowedPurposes;
        bytes32 attestationPolicy;
    }

    /// @notice A registered dataset.
    /// @param owner Account that registered the dataset (or displaced a later claim to it, see `registerDataset`)
    ///        and receives its royalties.
    /// @param active False once delisted: no new grants and no new key releases.
    /// @param policyVersion Version of the current policy (1 at registration, +1 per update).
    /// @param manifestHash 0G root of the dataset's current public manifest (the one new jobs use; a job uses
    ///        `manifestAt(datasetRoot, job.policyVersion)`).
    struct Dataset {
        address owner;
        bool active;
        uint16 policyVersion;
        bytes32 manifestHash;
    }

    /// @notice A registered provider (a TEE node operator).
    /// @param operator Account that registered the provider, controls it and receives its pay.
    /// @param active False once deactivated: not selectable for new jobs.
    /// @param pricePerEpoch Wei per epoch charged by the provider for new jobs.
    /// @param endpoint Base URL of the provider node's HTTP API.
    struct Provider {
        address operator;
        bool active;
        uint96 pricePerEpoch;
        string endpoint;
    }

    /// @notice A job as the contract stores it.
    /// @param datasetRoot Dataset the job trains on.
    /// @param requester Researcher who escrowed the payment and receives refunds.
    /// @param deadline Unix time after which anyone may reclaim the escrow for a non-final job.
    /// @param providerId Provider chosen by the requester.
    /// @param epochs Epochs paid for.
    /// @param state Current state.
    /// @param royaltyPerEpoch Royalty snapshotted at grant.
    /// @param pricePerEpoch Provider price snapshotted at grant.
    /// @param actualEpochs Epochs settled (only meaningful once Completed).
    /// @param policyVersion Dataset policy version in force at grant (its attestation requirement applies).
    /// @param feeBps Protocol fee snapshotted at grant.
    /// @param purposeId Declared purpose.
    /// @param enclaveSigner Per-job enclave signing key bound by the provider's verified quote (set at start).
    /// @param resultKeyTag First 12 bytes of keccak256(resultPubKey): lets the provider check the result key it
    ///        is given against chain state (the full key is in `AccessGranted`).
    /// @param attestationRef keccak256 of the provider's quote (set at start).
    struct Job {
        bytes32 datasetRoot;
        address requester;
        uint40 deadline;
        uint32 providerId;
        uint16 epochs;
        JobState state;
        uint96 royaltyPerEpoch;
        uint96 pricePerEpoch;
        uint16 actualEpochs;
        uint16 policyVersion;
        uint16 feeBps;
        uint8 purposeId;
        address enclaveSigner;
        bytes12 resultKeyTag;
        bytes32 attestationRef;
    }

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice A dataset was registered with its first policy (version 1).
    event DatasetRegistered(
        bytes32 indexed datasetRoot, address indexed owner, bytes32 manifestHash, Policy policy
    );

    /// @notice `commitment` = keccak256(abi.encode(owner, datasetRoot)) was committed for the first time, in this
    ///         log's block (a later identical commit changes nothing and emits nothing).
    event DatasetCommitted(bytes32 indexed commitment);

    /// @notice `owner` displaced `previousOwner` from the dataset with an earlier claim (see `registerDataset`):
    ///         the dataset now has `owner`, `manifestHash`, is listed, and its current policy is `policy` as version
    ///         `policyVersion` (earlier versions stay for the jobs granted under them). Replaces `DatasetRegistered`
    ///         for this registration.
    event DatasetOwnerReplaced(
        bytes32 indexed datasetRoot,
        address indexed previousOwner,
        address indexed owner,
        bytes32 manifestHash,
        uint16 policyVersion,
        Policy policy
    );

    /// @notice A dataset's policy was replaced; it applies to jobs granted from now on.
    event PolicyUpdated(bytes32 indexed datasetRoot, uint16 indexed version, Policy policy);

    /// @notice A dataset was listed again or delisted.
    event DatasetActiveSet(bytes32 indexed datasetRoot, bool active);

    /// @notice A provider was registered.
    event ProviderRegistered(
        uint32 indexed providerId, address indexed operator, string endpoint, uint96 pricePerEpoch
    );

    /// @notice A provider changed its endpoint or price (the price applies to new jobs).
    event ProviderUpdated(uint32 indexed providerId, string endpoint, uint96 pricePerEpoch);

    /// @notice A provider was activated or deactivated.
    event ProviderActiveSet(uint32 indexed providerId, bool active);

    /// @notice The admin allowed or disallowed an attestation policy of `role`; `uri` locates the policy file.
    event AttestationPolicySet(bytes32 indexed policyHash, bool allowed, string uri, PolicyRole role);

    /// @notice The dataset owner replaced the dataset's manifest: jobs granted at policy version `policyVersion`
    ///         and later use `manifestHash`; earlier jobs keep the manifest they were granted under. A
    ///         `PolicyUpdated` with unchanged terms and the same version precedes this event in the transaction.
    event ManifestUpdated(
        bytes32 indexed datasetRoot,
        uint16 indexed policyVersion,
        bytes32 manifestHash,
        bytes32 previousManifestHash
    );

    /// @notice The admin registered release key `keyId` (Active from this log's block, which is its `registeredAt`).
    event ReleaseKeyRegistered(
        uint32 indexed keyId, bytes32 indexed policyHash, bytes publicKey, bytes32 evidenceRef
    );

    /// @notice The admin retired release key `keyId`: no new seals; datasets sealed to it stay releasable.
    event ReleaseKeyRetired(uint32 indexed keyId);

    /// @notice The admin revoked release key `keyId`: no further releases for datasets sealed to it.
    event ReleaseKeyRevoked(uint32 indexed keyId);

    /// @notice The admin granted or revoked the orchestrator role.
    event OrchestratorSet(address indexed account, bool allowed);

    /// @notice The admin changed the protocol fee (applies to jobs granted from now on) or its treasury.
    event ProtocolFeeSet(uint16 feeBps, address indexed treasury);

    /// @notice A requester escrowed payment: job `jobId` is Granted.
    event AccessGranted(
        uint256 indexed jobId,
        bytes32 indexed datasetRoot,
        address indexed requester,
        uint32 providerId,
        uint16 epochs,
        uint8 purposeId,
        uint96 royaltyPerEpoch,
        uint96 pricePerEpoch,
        uint16 policyVersion,
        uint16 feeBps,
        uint40 deadline,
        bytes resultPubKey
    );

    /// @notice The orchestrator verified the provider's attestation and released the key: job is Running.
    event JobStarted(
        uint256 indexed jobId, address indexed enclaveSigner, bytes32 attestationRef, bytes32 policyHash
    );

    /// @notice A job settled on its signed result manifest.
    event JobCompleted(
        uint256 indexed jobId,
        uint16 actualEpochs,
        bytes32 resultRoot,
        bytes32 receiptsHead,
        bytes32 codeHash,
        uint256 ownerAmount,
        uint256 providerAmount,
        uint256 feeAmount,
        uint256 refund
    );

    /// @notice A job failed and its escrow was refunded in full. `byEnclave` is true for a failure report
    ///         signed by the job's enclave key, false when the orchestrator marked it.
    event JobFailed(uint256 indexed jobId, bytes32 reason, bool byEnclave, uint256 refund);

    /// @notice A job passed its deadline unsettled and its escrow was refunded in full.
    event JobReclaimed(uint256 indexed jobId, address indexed caller, uint256 refund);

    /// @notice An account withdrew its credited balance.
    event Withdrawn(address indexed account, uint256 amount);

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice `datasetRoot` is already registered, by the caller or by an account whose claim is not later.
    error DataPolicy__DatasetExists(bytes32 datasetRoot);
    /// @notice The job was granted while another account owned its dataset; it cannot start under the new owner.
    error DataPolicy__GrantedUnderFormerOwner(uint256 jobId, bytes32 datasetRoot);
    /// @notice No dataset is registered under `datasetRoot`.
    error DataPolicy__UnknownDataset(bytes32 datasetRoot);
    /// @notice The caller is not the dataset's owner.
    error DataPolicy__NotDatasetOwner(bytes32 datasetRoot, address caller);
    /// @notice The dataset is delisted.
    error DataPolicy__DatasetInactive(bytes32 datasetRoot);
    /// @notice The dataset's policy expired at `expiry`.
    error DataPolicy__PolicyExpired(bytes32 datasetRoot, uint40 expiry);
    /// @notice A policy term is out of range; `term` names it (e.g. "sessionTtl").
    error DataPolicy__InvalidPolicy(bytes32 term);
    /// @notice Dataset root and manifest hash must be non-zero.
    error DataPolicy__ZeroHash();
    /// @notice The dataset's policy does not allow `purposeId`.
    error DataPolicy__PurposeNotAllowed(uint8 purposeId);
    /// @notice `epochs` is zero or above the dataset's cap `maxEpochs`.
    error DataPolicy__InvalidEpochs(uint16 epochs, uint16 maxEpochs);
    /// @notice The requester already holds `limit` open jobs on the dataset.
    error DataPolicy__RequesterCapReached(uint16 limit);
    /// @notice `msg.value` is not exactly the escrow `expected`.
    error DataPolicy__WrongPayment(uint256 expected, uint256 actual);
    /// @notice The result public key is not a 33-byte compressed secp256k1 key.
    error DataPolicy__InvalidResultKey();
    /// @notice No provider is registered under `providerId`.
    error DataPolicy__UnknownProvider(uint32 providerId);
    /// @notice The caller is not the provider's operator.
    error DataPolicy__NotProviderOperator(uint32 providerId, address caller);
    /// @notice The provider is deactivated.
    error DataPolicy__ProviderInactive(uint32 providerId);
    /// @notice The endpoint is empty or longer than 256 bytes.
    error DataPolicy__InvalidEndpoint();
    /// @notice The attestation policy is not allowed by the protocol.
    error DataPolicy__AttestationPolicyNotAllowed(bytes32 policyHash);
    /// @notice The attestation policy has role `actual` where `required` is needed (a provider policy cannot vouch
    ///         for a release key, nor an orchestrator policy start a job or be required by a dataset).
    error DataPolicy__AttestationPolicyWrongRole(bytes32 policyHash, PolicyRole required, PolicyRole actual);
    /// @notice The role is `None`, or differs from the role `current` the policy hash already has on chain.
    error DataPolicy__InvalidPolicyRole(bytes32 policyHash, PolicyRole current, PolicyRole role);
    /// @notice The release key is not a 33-byte compressed secp256k1 key.
    error DataPolicy__InvalidReleaseKey();
    /// @notice This public key is already registered as `keyId` (a revoked key can never come back).
    error DataPolicy__ReleaseKeyExists(uint32 keyId);
    /// @notice No release key is registered under `keyId`.
    error DataPolicy__UnknownReleaseKey(uint32 keyId);
    /// @notice Release key `keyId` is in `status`, which does not allow this call.
    error DataPolicy__InvalidReleaseKeyStatus(uint32 keyId, ReleaseKeyStatus status);
    /// @notice No release key is Active: nothing may be sealed until the admin registers one.
    error DataPolicy__NoActiveReleaseKey();
    /// @notice The attestation policy differs from the one the dataset requires.
    error DataPolicy__AttestationPolicyMismatch(bytes32 required, bytes32 actual);
    /// @notice The caller lacks the orchestrator role.
    error DataPolicy__NotOrchestrator(address caller);
    /// @notice No job exists with `jobId`.
    error DataPolicy__UnknownJob(uint256 jobId);
    /// @notice The job is in `state`, which does not allow this call.
    error DataPolicy__InvalidJobState(uint256 jobId, JobState state);
    /// @notice The job's deadline passed (settlement and start are closed; reclaim is open).
    error DataPolicy__DeadlinePassed(uint256 jobId, uint40 deadline);
    /// @notice The job's deadline has not passed yet.
    error DataPolicy__DeadlineNotReached(uint256 jobId, uint40 deadline);
    /// @notice `actualEpochs` exceeds the escrowed `epochs`.
    error DataPolicy__TooManyEpochs(uint16 actualEpochs, uint16 epochs);
    /// @notice The signature does not recover to the job's enclave signer.
    error DataPolicy__InvalidSignature(address recovered, address expected);
    /// @notice The enclave signer must be a non-zero address.
    error DataPolicy__ZeroSigner();
    /// @notice A failure reason must be non-zero.
    error DataPolicy__ZeroReason();
    /// @notice The fee exceeds the protocol maximum or the treasury is the zero address.
    error DataPolicy__InvalidFee(uint16 feeBps);
    /// @notice The caller has nothing to withdraw.
    error DataPolicy__NothingToWithdraw(address account);
    /// @notice Sending `amount` to `account` failed.
    error DataPolicy__TransferFailed(address account, uint256 amount);
    /// @notice Renouncing ownership is disabled: it would leave attestation policies, orchestrator roles and the
    ///         protocol fee without an admin forever. Admin moves only by `transferOwnership` + `acceptOwnership`.
    error DataPolicy__RenounceOwnershipDisabled();

    /*//////////////////////////////////////////////////////////////
                                DATASETS
    //////////////////////////////////////////////////////////////*/

    /// @notice Commits to registering a dataset before its root is public, so a copy registered first by another
    ///         account (front-running) can be displaced. Only the first commit of a commitment counts.
    /// @param commitment keccak256(abi.encode(owner, datasetRoot)) of the account that will call `registerDataset`.
    function commitDataset(bytes32 commitment) external;

    /// @notice Registers a dataset under its 0G root with its first policy; the caller becomes its owner.
    /// @dev A claim's block is the block of the claimant's commitment (`commitDataset`) or else of its registration;
    ///      the holder's is the earlier of the two. When another account holds the root with a later claim than
    ///      the caller's, the caller displaces it (`DatasetOwnerReplaced`): the holder cannot have known the root
    ///      before an owner who committed before uploading. Jobs granted under the displaced owner never start;
    ///      those already Running settle their royalty to it.
    /// @param datasetRoot 0G root of the LCN1 ciphertext.
    /// @param manifestHash 0G root of the public manifest (which holds the sealed key envelope).
    /// @param policy Terms for new jobs.
    function registerDataset(bytes32 datasetRoot, bytes32 manifestHash, Policy calldata policy) external;

    /// @notice Replaces the dataset's policy for jobs granted from now on; open jobs keep their terms.
    /// @return version The new policy version.
    function updatePolicy(bytes32 datasetRoot, Policy calldata policy) external returns (uint16 version);

    /// @notice Lists or delists the dataset. A delisted dataset gets no new grants and no new key releases.
    function setDatasetActive(bytes32 datasetRoot, bool active) external;

    /// @notice Replaces the dataset's manifest (e.g. its key re-sealed to a newer release key) for jobs granted from
    ///         now on (dataset owner only). Opens a new policy version with unchanged terms, so a job's
    ///         `policyVersion` names the manifest it uses (`manifestAt`); open jobs keep theirs.
    /// @return version The new policy version, the first to use `manifestHash`.
    function updateManifest(bytes32 datasetRoot, bytes32 manifestHash) external returns (uint16 version);

    /*//////////////////////////////////////////////////////////////
                               PROVIDERS
    //////////////////////////////////////////////////////////////*/

    /// @notice Registers the caller as a provider operator.
    /// @return providerId The new provider's id (sequential from 1).
    function registerProvider(string calldata endpoint, uint96 pricePerEpoch)
        external
        returns (uint32 providerId);

    /// @notice Changes a provider's endpoint and price (the price applies to jobs granted from now on).
    function updateProvider(uint32 providerId, string calldata endpoint, uint96 pricePerEpoch) external;

    /// @notice Activates or deactivates a provider for new jobs.
    function setProviderActive(uint32 providerId, bool active) external;

    /*//////////////////////////////////////////////////////////////
                                 ADMIN
    //////////////////////////////////////////////////////////////*/

    /// @notice Allows or disallows an attestation policy of `role`, publishing where its file lives. A hash's role
    ///         is fixed by its first call (the role is inside the hashed file); `None` is refused.
    function setAttestationPolicy(bytes32 policyHash, bool allowed, string calldata uri, PolicyRole role)
        external;

    /// @notice Registers an orchestrator release key, Active at once (admin only).
    /// @param publicKey 33-byte compressed secp256k1 key (prefix 0x02 or 0x03), never registered before.
    /// @param evidenceRef Non-zero storage root of the key's attestation evidence.
    /// @param policyHash Attestation policy allowed with the orchestrator role that the evidence satisfies.
    /// @return keyId The new key's id (sequential from 1).
    function registerReleaseKey(bytes calldata publicKey, bytes32 evidenceRef, bytes32 policyHash)
        external
        returns (uint32 keyId);

    /// @notice Retires an Active release key: no new seals; datasets sealed to it stay releasable (admin only).
    function retireReleaseKey(uint32 keyId) external;

    /// @notice Revokes an Active or Retired release key: no further releases for datasets sealed to it (admin only).
    function revokeReleaseKey(uint32 keyId) external;

    /// @notice Grants or revokes the orchestrator role.
    function setOrchestrator(address account, bool allowed) external;

    /// @notice Sets the protocol fee (basis points of each payout, at most `MAX_FEE_BPS`) and its treasury.
    function setProtocolFee(uint16 feeBps, address treasury) external;

    /*//////////////////////////////////////////////////////////////
                                  JOBS
    //////////////////////////////////////////////////////////////*/

    /// @notice Escrows exactly `(royaltyPerEpoch + pricePerEpoch) × epochs` and opens a job in state Granted.
    /// @param datasetRoot Dataset to train on.
    /// @param purposeId Declared purpose; must be allowed by the policy.
    /// @param epochs Epochs to pay for (1..maxEpochsPerJob).
    /// @param providerId Active provider to train with.
    /// @param resultPubKey 33-byte compressed secp256k1 key the result will be encrypted to.
    /// @return jobId The new job's id (sequential from 1).
    function requestAccess(
        bytes32 datasetRoot,
        uint8 purposeId,
        uint16 epochs,
        uint32 providerId,
        bytes calldata resultPubKey
    ) external payable returns (uint256 jobId);

    /// @notice Records a verified attestation and moves a Granted job to Running (orchestrator only).
    /// @param enclaveSigner Per-job signing address bound by the quote's report data.
    /// @param attestationRef keccak256 of the quote (the evidence is stored for auditors).
    /// @param policyHash Attestation policy the evidence was verified against.
    function startJob(uint256 jobId, address enclaveSigner, bytes32 attestationRef, bytes32 policyHash)
        external;

    /// @notice Settles a Running job on a `ResultManifest` signed by its enclave key (anyone may submit).
    ///         Credits `actualEpochs × royalty` to the dataset owner the job was granted under and
    ///         `actualEpochs × price` to the provider (less the protocol fee) and refunds the remaining escrow →
    ///         Completed.
    /// @param resultRoot 0G root of the encrypted adapter.
    /// @param receiptsHead EIP-712 digest of the last epoch receipt (zero when no epoch finished).
    /// @param codeHash Hash of the provider runtime that trained.
    /// @param signature Enclave signature over the EIP-712 `ResultManifest`.
    function confirmTrainingComplete(
        uint256 jobId,
        uint16 actualEpochs,
        bytes32 resultRoot,
        bytes32 receiptsHead,
        bytes32 codeHash,
        bytes calldata signature
    ) external;

    /// @notice Fails a Granted or Running job and refunds its escrow in full (orchestrator only).
    /// @param reason Stable failure code (a short ASCII string, right-padded).
    function markJobFailed(uint256 jobId, bytes32 reason) external;

    /// @notice Fails a Running job on a `FailureReport` signed by its enclave key (anyone may submit); full refund.
    function reportJobFailure(uint256 jobId, bytes32 reason, bytes calldata signature) external;

    /// @notice Refunds a non-final job in full once its deadline has passed (anyone may call) → Reclaimed.
    function reclaim(uint256 jobId) external;

    /// @notice Sends the caller its whole credited balance.
    function withdraw() external;

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice Returns the dataset registered under `datasetRoot` (owner zero if none).
    function getDataset(bytes32 datasetRoot) external view returns (Dataset memory);

    /// @notice Block of the first commit of `commitment` (zero if never committed).
    function commitmentBlock(bytes32 commitment) external view returns (uint256);

    /// @notice Manifest used by jobs granted at policy version `version` of the dataset (zero for an unknown
    ///         dataset or a version above the current one). A job's manifest is `manifestAt(root, job.policyVersion)`.
    function manifestAt(bytes32 datasetRoot, uint16 version) external view returns (bytes32);

    /// @notice Returns version `version` of the dataset's policy.
    function getPolicy(bytes32 datasetRoot, uint16 version) external view returns (Policy memory);

    /// @notice Returns the provider registered under `providerId` (operator zero if none).
    function getProvider(uint32 providerId) external view returns (Provider memory);

    /// @notice Returns the job `jobId` (state None if unknown).
    function getJob(uint256 jobId) external view returns (Job memory);

    /// @notice False when the job was granted while another account owned its dataset (it cannot start; see
    ///         `DataPolicy__GrantedUnderFormerOwner`), true otherwise (and for unknown jobs).
    function grantedUnderCurrentOwner(uint256 jobId) external view returns (bool);

    /// @notice Number of open (Granted or Running) jobs `requester` holds on the dataset.
    function activeJobs(bytes32 datasetRoot, address requester) external view returns (uint16);

    /// @notice Withdrawable balance of `account`.
    function credits(address account) external view returns (uint256);

    /// @notice Whether `policyHash` is an allowed attestation policy.
    function isAttestationPolicyAllowed(bytes32 policyHash) external view returns (bool);

    /// @notice Role of attestation policy `policyHash` (`None` if the admin never set it), allowed or not.
    function attestationPolicyRole(bytes32 policyHash) external view returns (PolicyRole);

    /// @notice Returns release key `keyId` (status `None` and an empty key if unknown).
    function getReleaseKey(uint32 keyId) external view returns (ReleaseKey memory);

    /// @notice The newest Active release key, the one to seal new datasets to.
    /// @dev Reverts `DataPolicy__NoActiveReleaseKey` when none is Active. Callers still verify the key's evidence
    ///      and that its policy is allowed with the orchestrator role (the admin may disallow it later).
    function currentReleaseKey() external view returns (uint32 keyId, ReleaseKey memory key);

    /// @notice Id the next release key will get.
    function nextReleaseKeyId() external view returns (uint32);

    /// @notice Whether `account` holds the orchestrator role.
    function isOrchestrator(address account) external view returns (bool);

    /// @notice Id the next job will get.
    function nextJobId() external view returns (uint256);

    /// @notice Id the next provider will get.
    function nextProviderId() external view returns (uint32);

    /// @notice Current protocol fee in basis points and its treasury.
    function protocolFee() external view returns (uint16 feeBps, address treasury);

    /// @notice EIP-712 digest of a `ResultManifest` under this contract's domain.
    function hashResultManifest(
        uint256 jobId,
        bytes32 datasetRoot,
        bytes32 resultRoot,
        bytes32 codeHash,
        bytes32 attestationRef,
        uint16 actualEpochs,
        bytes32 receiptsHead
    ) external view returns (bytes32);

    /// @notice EIP-712 digest of an `EpochReceipt` under this contract's domain.
    function hashEpochReceipt(
        uint256 jobId,
        uint16 epoch,
        uint64 samples,
        uint64 lossMicro,
        bytes32 adapterHash,
        bytes32 prevReceipt
    ) external view returns (bytes32);

    /// @notice EIP-712 digest of a `FailureReport` under this contract's domain.
    function hashFailureReport(uint256 jobId, bytes32 reason) external view returns (bytes32);
}
