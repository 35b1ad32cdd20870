// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IDataPolicy} from "./IDataPolicy.sol";

/// @title DataPolicy
/// @notice See {IDataPolicy}.
/// @dev Storage is laid out for the four hot paths (register, request, start, settle); the public structs of
///      {IDataPolicy} are assembled by the views. Two facts make the packing possible:
///      - each dataset gets an internal sequential id (32 bits) so a job can refer to it without a 32-byte root;
///      - a provider's price is versioned like a dataset's policy: every price is an immutable `ProviderTerms`
///        record `{operator, pricePerEpoch}`, so a job keeps a 16-bit version instead of a 96-bit price, and
///        settlement gets the payee and the price from one slot.
///      A job then takes three fresh slots at grant (the enclave-signer slot is pre-filled with the royalty, so
///      `startJob` pays for one fresh slot only: the attestation reference), and settlement reads eight slots.
contract DataPolicy is IDataPolicy, Ownable2Step, EIP712, ReentrancyGuardTransient {
    /// @notice Largest protocol fee: 10%.
    uint16 public constant MAX_FEE_BPS = 1000;
    /// @notice Shortest allowed session TTL in seconds.
    uint32 public constant MIN_SESSION_TTL = 60;
    /// @notice Longest allowed session TTL in seconds.
    uint32 public constant MAX_SESSION_TTL = 30 days;
    /// @notice Longest provider endpoint in bytes.
    uint256 public constant MAX_ENDPOINT_LENGTH = 256;

    /// @notice EIP-712 type hash of `ResultManifest`.
    bytes32 public constant RESULT_MANIFEST_TYPEHASH = keccak256(
        "ResultManifest(uint256 jobId,bytes32 datasetRoot,bytes32 resultRoot,bytes32 codeHash,bytes32 attestationRef,uint16 actualEpochs,bytes32 receiptsHead)"
    );
    /// @notice EIP-712 type hash of `EpochReceipt`.
    bytes32 public constant EPOCH_RECEIPT_TYPEHASH = keccak256(
        "EpochReceipt(uint256 jobId,uint16 epoch,uint64 samples,uint64 lossMicro,bytes32 adapterHash,bytes32 prevReceipt)"
    );
    /// @notice EIP-712 type hash of `FailureReport`.
    bytes32 public constant FAILURE_REPORT_TYPEHASH =
        keccak256("FailureReport(uint256 jobId,bytes32 reason)");

    /// @dev slot 0: owner | active | policyVersion | id | claimBlock; slot 1: manifestHash. `id` names the owner's
    ///      tenure: a displacement gives the record a fresh id, so jobs granted under the former owner (which keep
    ///      the old id) are recognised at start. `claimBlock` is the block of the owner's registration, or of its
    ///      commitment when it displaced a holder; a holder's claim is the earlier of this and its commitment.
    struct DatasetRecord {
        address owner;
        bool active;
        uint16 policyVersion;
        uint32 id;
        uint40 claimBlock;
        bytes32 manifestHash;
    }

    /// @dev slot 0: everything `requestAccess` needs (the current price is cached from the current terms); then the
    ///      endpoint.
    struct ProviderRecord {
        uint96 pricePerEpoch;
        bool active;
        uint16 termsVersion;
        string endpoint;
    }

    /// @dev One version of a provider's terms, immutable once written; jobs refer to it by version.
    struct ProviderTerms {
        address operator;
        uint96 pricePerEpoch;
    }

    /// @dev slot 0 is written at grant and on every state change; slot 1 holds the royalty from grant and gets the
    ///      enclave signer at start; slot 2 is written at grant only; slot 3 at start only.
    struct JobRecord {
        // slot 0
        address requester;
        uint40 deadline;
        uint16 epochs;
        JobState state;
        uint16 actualEpochs;
        uint8 purposeId;
        // slot 1
        address enclaveSigner;
        uint96 royaltyPerEpoch;
        // slot 2
        bytes12 resultKeyTag;
        uint32 datasetId;
        uint32 providerId;
        uint16 policyVersion;
        uint16 providerTermsVersion;
        uint16 feeBps;
        // slot 3
        bytes32 attestationRef;
    }

    mapping(bytes32 datasetRoot => DatasetRecord) internal _datasets;
    mapping(bytes32 commitment => uint256 blockNumber) internal _commitments;
    mapping(uint32 datasetId => bytes32 datasetRoot) internal _datasetRoots;
    /// @dev Owner of a tenure that ended by displacement: its jobs still settle their royalty to it.
    mapping(uint32 datasetId => address owner) internal _formerOwners;
    mapping(bytes32 datasetRoot => mapping(uint16 version => Policy)) internal _policies;
    mapping(bytes32 datasetRoot => mapping(address requester => uint16)) internal _activeJobs;
    mapping(uint32 providerId => ProviderRecord) internal _providers;
    mapping(uint32 providerId => mapping(uint16 version => ProviderTerms)) internal _providerTerms;

    /// @dev An attestation policy: allowed now, and the role fixed by its first `setAttestationPolicy` (one slot).
    struct AttestationPolicyRecord {
        bool allowed;
        PolicyRole role;
    }

    /// @dev slot 0: the key's x coordinate; slot 3: its prefix (0x02 or 0x03), status and registration block.
    struct ReleaseKeyRecord {
        bytes32 x;
        bytes32 evidenceRef;
        bytes32 policyHash;
        uint8 prefix;
        ReleaseKeyStatus status;
        uint64 registeredAt;
    }

    mapping(uint256 jobId => JobRecord) internal _jobs;
    mapping(bytes32 policyHash => AttestationPolicyRecord) internal _attestationPolicies;
    mapping(address account => bool) internal _orchestrators;
    mapping(address account => uint256) internal _credits;
    /// @dev Manifest a dataset used up to and including policy version `lastVersion`, written when it is replaced
    ///      (`updateManifest`, displacement); versions after the last entry use `DatasetRecord.manifestHash`.
    mapping(bytes32 datasetRoot => mapping(uint16 lastVersion => bytes32 manifestHash)) internal
        _formerManifests;
    mapping(uint32 keyId => ReleaseKeyRecord) internal _releaseKeys;
    mapping(bytes32 publicKeyHash => uint32 keyId) internal _releaseKeyIds;

    // One slot: every grant bumps the job counter and snapshots the fee.
    uint64 internal _nextJobId = 1;
    uint32 internal _nextProviderId = 1;
    uint32 internal _nextDatasetId = 1;
    uint16 internal _feeBps;
    uint32 internal _nextReleaseKeyId = 1;
    address internal _treasury;

    modifier onlyOrchestrator() {
        if (!_orchestrators[msg.sender]) revert DataPolicy__NotOrchestrator(msg.sender);
        _;
    }

    constructor(address initialOwner) Ownable(initialOwner) EIP712("LICEN DataPolicy", "1") {}

    /*//////////////////////////////////////////////////////////////
                                DATASETS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IDataPolicy
    function commitDataset(bytes32 commitment) external {
        if (commitment == bytes32(0)) revert DataPolicy__ZeroHash();
        if (_commitments[commitment] != 0) return;
        _commitments[commitment] = block.number;
        emit DatasetCommitted(commitment);
    }

    /// @inheritdoc IDataPolicy
    function registerDataset(bytes32 datasetRoot, bytes32 manifestHash, Policy calldata policy) external {
        if (datasetRoot == bytes32(0) || manifestHash == bytes32(0)) revert DataPolicy__ZeroHash();
        DatasetRecord storage dataset = _datasets[datasetRoot];
        address holder = dataset.owner;
        if (holder != address(0)) {
            _displace(dataset, datasetRoot, holder, manifestHash, policy);
            return;
        }
        _validatePolicy(policy);
        uint32 id = _nextDatasetId++;
        dataset.owner = msg.sender;
        dataset.active = true;
        dataset.policyVersion = 1;
        dataset.id = id;
        dataset.claimBlock = uint40(block.number);
        dataset.manifestHash = manifestHash;
        _datasetRoots[id] = datasetRoot;
        _storePolicy(_policies[datasetRoot][1], policy);
        emit DatasetRegistered(datasetRoot, msg.sender, manifestHash, policy);
    }

    /// @inheritdoc IDataPolicy
    function updatePolicy(bytes32 datasetRoot, Policy calldata policy) external returns (uint16 version) {
        DatasetRecord storage dataset = _ownedDataset(datasetRoot);
        _validatePolicy(policy);
        version = dataset.policyVersion + 1;
        dataset.policyVersion = version;
        _storePolicy(_policies[datasetRoot][version], policy);
        emit PolicyUpdated(datasetRoot, version, policy);
    }

    /// @inheritdoc IDataPolicy
    function setDatasetActive(bytes32 datasetRoot, bool active) external {
        _ownedDataset(datasetRoot).active = active;
        emit DatasetActiveSet(datasetRoot, active);
    }

    /// @inheritdoc IDataPolicy
    function updateManifest(bytes32 datasetRoot, bytes32 manifestHash) external returns (uint16 version) {
        DatasetRecord storage dataset = _ownedDataset(datasetRoot);
        if (manifestHash == bytes32(0)) revert DataPolicy__ZeroHash();
        uint16 current = dataset.policyVersion;
        bytes32 previous = dataset.manifestHash;
        Policy memory policy = _policies[datasetRoot][current];
        version = current + 1;
        dataset.policyVersion = version;
        dataset.manifestHash = manifestHash;
        _formerManifests[datasetRoot][current] = previous;
        _policies[datasetRoot][version] = policy;
        emit PolicyUpdated(datasetRoot, version, policy);
        emit ManifestUpdated(datasetRoot, version, manifestHash, previous);
    }

    /*//////////////////////////////////////////////////////////////
                               PROVIDERS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IDataPolicy
    function registerProvider(string calldata endpoint, uint96 pricePerEpoch)
        external
        returns (uint32 providerId)
    {
        _validateEndpoint(endpoint);
        providerId = _nextProviderId++;
        ProviderRecord storage provider = _providers[providerId];
        provider.active = true;
        provider.endpoint = endpoint;
        _setTerms(providerId, provider, 1, msg.sender, pricePerEpoch);
        emit ProviderRegistered(providerId, msg.sender, endpoint, pricePerEpoch);
    }

    /// @inheritdoc IDataPolicy
    function updateProvider(uint32 providerId, string calldata endpoint, uint96 pricePerEpoch) external {
        (ProviderRecord storage provider, uint16 version) = _operatedProvider(providerId);
        _validateEndpoint(endpoint);
        provider.endpoint = endpoint;
        if (pricePerEpoch != provider.pricePerEpoch) {
            _setTerms(providerId, provider, version + 1, msg.sender, pricePerEpoch);
        }
        emit ProviderUpdated(providerId, endpoint, pricePerEpoch);
    }

    /// @inheritdoc IDataPolicy
    function setProviderActive(uint32 providerId, bool active) external {
        (ProviderRecord storage provider,) = _operatedProvider(providerId);
        provider.active = active;
        emit ProviderActiveSet(providerId, active);
    }

    /*//////////////////////////////////////////////////////////////
                                 ADMIN
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IDataPolicy
    function setAttestationPolicy(bytes32 policyHash, bool allowed, string calldata uri, PolicyRole role)
        external
        onlyOwner
    {
        if (policyHash == bytes32(0)) revert DataPolicy__ZeroHash();
        AttestationPolicyRecord storage record = _attestationPolicies[policyHash];
        PolicyRole current = record.role;
        if (role == PolicyRole.None || (current != PolicyRole.None && current != role)) {
            revert DataPolicy__InvalidPolicyRole(policyHash, current, role);
        }
        record.allowed = allowed;
        record.role = role;
        emit AttestationPolicySet(policyHash, allowed, uri, role);
    }

    /// @inheritdoc IDataPolicy
    function registerReleaseKey(bytes calldata publicKey, bytes32 evidenceRef, bytes32 policyHash)
        external
        onlyOwner
        returns (uint32 keyId)
    {
        if (publicKey.length != 33 || (publicKey[0] != 0x02 && publicKey[0] != 0x03)) {
            revert DataPolicy__InvalidReleaseKey();
        }
        if (evidenceRef == bytes32(0)) revert DataPolicy__ZeroHash();
        _requirePolicy(policyHash, PolicyRole.Orchestrator);
        bytes32 publicKeyHash = keccak256(publicKey);
        uint32 existing = _releaseKeyIds[publicKeyHash];
        if (existing != 0) revert DataPolicy__ReleaseKeyExists(existing);
        keyId = _nextReleaseKeyId++;
        _releaseKeyIds[publicKeyHash] = keyId;
        _releaseKeys[keyId] = ReleaseKeyRecord({
            x: bytes32(publicKey[1:33]),
            evidenceRef: evidenceRef,
            policyHash: policyHash,
            prefix: uint8(publicKey[0]),
            status: ReleaseKeyStatus.Active,
            registeredAt: uint64(block.number)
        });
        emit ReleaseKeyRegistered(keyId, policyHash, publicKey, evidenceRef);
    }

    /// @inheritdoc IDataPolicy
    function retireReleaseKey(uint32 keyId) external onlyOwner {
        ReleaseKeyRecord storage key = _releaseKeys[keyId];
        ReleaseKeyStatus status = key.status;
        if (status == ReleaseKeyStatus.None) revert DataPolicy__UnknownReleaseKey(keyId);
        if (status != ReleaseKeyStatus.Active) revert DataPolicy__InvalidReleaseKeyStatus(keyId, status);
        key.status = ReleaseKeyStatus.Retired;
        emit ReleaseKeyRetired(keyId);
    }

    /// @inheritdoc IDataPolicy
    function revokeReleaseKey(uint32 keyId) external onlyOwner {
        ReleaseKeyRecord storage key = _releaseKeys[keyId];
        ReleaseKeyStatus status = key.status;
        if (status == ReleaseKeyStatus.None) revert DataPolicy__UnknownReleaseKey(keyId);
        if (status == ReleaseKeyStatus.Revoked) revert DataPolicy__InvalidReleaseKeyStatus(keyId, status);
        key.status = ReleaseKeyStatus.Revoked;
        emit ReleaseKeyRevoked(keyId);
    }

    /// @inheritdoc IDataPolicy
    function setOrchestrator(address account, bool allowed) external onlyOwner {
        _orchestrators[account] = allowed;
        emit OrchestratorSet(account, allowed);
    }

    /// @inheritdoc IDataPolicy
    function setProtocolFee(uint16 feeBps, address treasury) external onlyOwner {
        if (feeBps > MAX_FEE_BPS || treasury == address(0)) revert DataPolicy__InvalidFee(feeBps);
        _feeBps = feeBps;
        _treasury = treasury;
        emit ProtocolFeeSet(feeBps, treasury);
    }

    /// @notice Always reverts with `DataPolicy__RenounceOwnershipDisabled`, for every caller: an ownerless contract
    ///         could never again change attestation policies, orchestrator roles or the fee. Admin changes hands
    ///         only through Ownable2Step (`transferOwnership`, then `acceptOwnership` by the new owner).
    function renounceOwnership() public pure override {
        revert DataPolicy__RenounceOwnershipDisabled();
    }

    /*//////////////////////////////////////////////////////////////
                                  JOBS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IDataPolicy
    function requestAccess(
        bytes32 datasetRoot,
        uint8 purposeId,
        uint16 epochs,
        uint32 providerId,
        bytes calldata resultPubKey
    ) external payable returns (uint256 jobId) {
        if (resultPubKey.length != 33 || (resultPubKey[0] != 0x02 && resultPubKey[0] != 0x03)) {
            revert DataPolicy__InvalidResultKey();
        }
        DatasetRecord storage dataset = _datasets[datasetRoot];
        if (dataset.owner == address(0)) revert DataPolicy__UnknownDataset(datasetRoot);
        if (!dataset.active) revert DataPolicy__DatasetInactive(datasetRoot);
        uint16 policyVersion = dataset.policyVersion;
        Policy storage policy = _policies[datasetRoot][policyVersion];
        uint96 royaltyPerEpoch = _checkTerms(datasetRoot, policy, purposeId, epochs);
        (uint96 pricePerEpoch, uint16 providerTermsVersion) = _activeProviderTerms(providerId);

        uint256 expected = (uint256(royaltyPerEpoch) + pricePerEpoch) * epochs;
        if (msg.value != expected) revert DataPolicy__WrongPayment(expected, msg.value);

        uint16 open = _activeJobs[datasetRoot][msg.sender];
        uint16 limit = policy.maxActiveJobsPerRequester;
        if (open >= limit) revert DataPolicy__RequesterCapReached(limit);
        _activeJobs[datasetRoot][msg.sender] = open + 1;

        jobId = _nextJobId++;
        uint16 feeBps = _feeBps;
        uint40 deadline = uint40(block.timestamp) + policy.sessionTtl;
        JobRecord storage job = _jobs[jobId];
        job.requester = msg.sender;
        job.deadline = deadline;
        job.epochs = epochs;
        job.state = JobState.Granted;
        job.purposeId = purposeId;
        job.royaltyPerEpoch = royaltyPerEpoch;
        job.resultKeyTag = bytes12(keccak256(resultPubKey));
        job.datasetId = dataset.id;
        job.providerId = providerId;
        job.policyVersion = policyVersion;
        job.providerTermsVersion = providerTermsVersion;
        job.feeBps = feeBps;

        emit AccessGranted(
            jobId,
            datasetRoot,
            msg.sender,
            providerId,
            epochs,
            purposeId,
            royaltyPerEpoch,
            pricePerEpoch,
            policyVersion,
            feeBps,
            deadline,
            resultPubKey
        );
    }

    /// @inheritdoc IDataPolicy
    function startJob(uint256 jobId, address enclaveSigner, bytes32 attestationRef, bytes32 policyHash)
        external
        onlyOrchestrator
    {
        JobRecord storage job = _jobs[jobId];
        _requireState(jobId, job.state, JobState.Granted);
        uint40 deadline = job.deadline;
        if (block.timestamp > deadline) revert DataPolicy__DeadlinePassed(jobId, deadline);
        if (enclaveSigner == address(0)) revert DataPolicy__ZeroSigner();
        if (attestationRef == bytes32(0)) revert DataPolicy__ZeroHash();
        uint32 datasetId = job.datasetId;
        bytes32 datasetRoot = _datasetRoots[datasetId];
        DatasetRecord storage dataset = _datasets[datasetRoot];
        if (dataset.id != datasetId) revert DataPolicy__GrantedUnderFormerOwner(jobId, datasetRoot);
        if (!dataset.active) revert DataPolicy__DatasetInactive(datasetRoot);
        _requirePolicy(policyHash, PolicyRole.Provider);
        bytes32 required = _policies[datasetRoot][job.policyVersion].attestationPolicy;
        if (required != bytes32(0) && required != policyHash) {
            revert DataPolicy__AttestationPolicyMismatch(required, policyHash);
        }
        job.state = JobState.Running;
        job.enclaveSigner = enclaveSigner;
        job.attestationRef = attestationRef;
        emit JobStarted(jobId, enclaveSigner, attestationRef, policyHash);
    }

    /// @inheritdoc IDataPolicy
    function confirmTrainingComplete(
        uint256 jobId,
        uint16 actualEpochs,
        bytes32 resultRoot,
        bytes32 receiptsHead,
        bytes32 codeHash,
        bytes calldata signature
    ) external {
        JobRecord storage job = _jobs[jobId];
        _requireState(jobId, job.state, JobState.Running);
        {
            uint40 deadline = job.deadline;
            if (block.timestamp > deadline) revert DataPolicy__DeadlinePassed(jobId, deadline);
        }
        uint16 epochs = job.epochs;
        if (actualEpochs > epochs) revert DataPolicy__TooManyEpochs(actualEpochs, epochs);
        uint32 datasetId = job.datasetId;
        bytes32 datasetRoot = _datasetRoots[datasetId];
        _requireEnclaveSignature(
            _hashResultManifest(
                jobId, datasetRoot, resultRoot, codeHash, job.attestationRef, actualEpochs, receiptsHead
            ),
            signature,
            job.enclaveSigner
        );

        job.state = JobState.Completed;
        job.actualEpochs = actualEpochs;
        address requester = job.requester;
        _closeJob(datasetRoot, requester);

        ProviderTerms storage terms = _providerTerms[job.providerId][job.providerTermsVersion];
        Settlement memory s =
            _settle(job.royaltyPerEpoch, terms.pricePerEpoch, job.feeBps, epochs, actualEpochs);
        // The royalty goes to the owner the job was granted under, even if another owner displaced it since.
        DatasetRecord storage dataset = _datasets[datasetRoot];
        _credit(dataset.id == datasetId ? dataset.owner : _formerOwners[datasetId], s.ownerAmount);
        _credit(terms.operator, s.providerAmount);
        _credit(requester, s.refund);
        emit JobCompleted(
            jobId,
            actualEpochs,
            resultRoot,
            receiptsHead,
            codeHash,
            s.ownerAmount,
            s.providerAmount,
            s.feeAmount,
            s.refund
        );
    }

    /// @inheritdoc IDataPolicy
    function markJobFailed(uint256 jobId, bytes32 reason) external onlyOrchestrator {
        JobRecord storage job = _jobs[jobId];
        _requireOpen(jobId, job.state);
        if (reason == bytes32(0)) revert DataPolicy__ZeroReason();
        job.state = JobState.Failed;
        emit JobFailed(jobId, reason, false, _refundAll(job));
    }

    /// @inheritdoc IDataPolicy
    function reportJobFailure(uint256 jobId, bytes32 reason, bytes calldata signature) external {
        JobRecord storage job = _jobs[jobId];
        _requireState(jobId, job.state, JobState.Running);
        if (reason == bytes32(0)) revert DataPolicy__ZeroReason();
        _requireEnclaveSignature(_hashFailureReport(jobId, reason), signature, job.enclaveSigner);
        job.state = JobState.Failed;
        emit JobFailed(jobId, reason, true, _refundAll(job));
    }

    /// @inheritdoc IDataPolicy
    function reclaim(uint256 jobId) external {
        JobRecord storage job = _jobs[jobId];
        _requireOpen(jobId, job.state);
        uint40 deadline = job.deadline;
        if (block.timestamp <= deadline) revert DataPolicy__DeadlineNotReached(jobId, deadline);
        job.state = JobState.Reclaimed;
        emit JobReclaimed(jobId, msg.sender, _refundAll(job));
    }

    /// @inheritdoc IDataPolicy
    function withdraw() external nonReentrant {
        uint256 amount = _credits[msg.sender];
        if (amount == 0) revert DataPolicy__NothingToWithdraw(msg.sender);
        _credits[msg.sender] = 0;
        emit Withdrawn(msg.sender, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert DataPolicy__TransferFailed(msg.sender, amount);
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IDataPolicy
    function getDataset(bytes32 datasetRoot) external view returns (Dataset memory) {
        DatasetRecord storage dataset = _datasets[datasetRoot];
        return Dataset({
            owner: dataset.owner,
            active: dataset.active,
            policyVersion: dataset.policyVersion,
            manifestHash: dataset.manifestHash
        });
    }

    /// @inheritdoc IDataPolicy
    function commitmentBlock(bytes32 commitment) external view returns (uint256) {
        return _commitments[commitment];
    }

    /// @inheritdoc IDataPolicy
    function manifestAt(bytes32 datasetRoot, uint16 version) external view returns (bytes32) {
        DatasetRecord storage dataset = _datasets[datasetRoot];
        uint16 current = dataset.policyVersion;
        if (version == 0 || version > current) return bytes32(0);
        // Versions are few (one per policy or manifest change); a view may walk them.
        for (uint16 v = version; v < current; ++v) {
            bytes32 former = _formerManifests[datasetRoot][v];
            if (former != bytes32(0)) return former;
        }
        return dataset.manifestHash;
    }

    /// @inheritdoc IDataPolicy
    function getPolicy(bytes32 datasetRoot, uint16 version) external view returns (Policy memory) {
        return _policies[datasetRoot][version];
    }

    /// @inheritdoc IDataPolicy
    function getProvider(uint32 providerId) external view returns (Provider memory) {
        ProviderRecord storage provider = _providers[providerId];
        return Provider({
            operator: _providerTerms[providerId][provider.termsVersion].operator,
            active: provider.active,
            pricePerEpoch: provider.pricePerEpoch,
            endpoint: provider.endpoint
        });
    }

    /// @inheritdoc IDataPolicy
    function getJob(uint256 jobId) external view returns (Job memory) {
        Job memory job;
        JobRecord storage record = _jobs[jobId];
        if (record.state == JobState.None) return job;
        bytes32 datasetRoot = _datasetRoots[record.datasetId];
        job.datasetRoot = datasetRoot;
        job.requester = record.requester;
        job.deadline = record.deadline;
        job.providerId = record.providerId;
        job.epochs = record.epochs;
        job.state = record.state;
        job.royaltyPerEpoch = record.royaltyPerEpoch;
        job.pricePerEpoch = _providerTerms[record.providerId][record.providerTermsVersion].pricePerEpoch;
        job.actualEpochs = record.actualEpochs;
        job.policyVersion = record.policyVersion;
        job.feeBps = record.feeBps;
        job.purposeId = record.purposeId;
        job.enclaveSigner = record.enclaveSigner;
        job.resultKeyTag = record.resultKeyTag;
        job.attestationRef = record.attestationRef;
        return job;
    }

    /// @inheritdoc IDataPolicy
    function grantedUnderCurrentOwner(uint256 jobId) external view returns (bool) {
        uint32 datasetId = _jobs[jobId].datasetId;
        return datasetId == 0 || _datasets[_datasetRoots[datasetId]].id == datasetId;
    }

    /// @inheritdoc IDataPolicy
    function activeJobs(bytes32 datasetRoot, address requester) external view returns (uint16) {
        return _activeJobs[datasetRoot][requester];
    }

    /// @inheritdoc IDataPolicy
    function credits(address account) external view returns (uint256) {
        return _credits[account];
    }

    /// @inheritdoc IDataPolicy
    function isAttestationPolicyAllowed(bytes32 policyHash) external view returns (bool) {
        return _attestationPolicies[policyHash].allowed;
    }

    /// @inheritdoc IDataPolicy
    function attestationPolicyRole(bytes32 policyHash) external view returns (PolicyRole) {
        return _attestationPolicies[policyHash].role;
    }

    /// @inheritdoc IDataPolicy
    function getReleaseKey(uint32 keyId) public view returns (ReleaseKey memory key) {
        ReleaseKeyRecord storage record = _releaseKeys[keyId];
        if (record.status == ReleaseKeyStatus.None) return key;
        key.publicKey = abi.encodePacked(bytes1(record.prefix), record.x);
        key.evidenceRef = record.evidenceRef;
        key.policyHash = record.policyHash;
        key.status = record.status;
        key.registeredAt = record.registeredAt;
    }

    /// @inheritdoc IDataPolicy
    function currentReleaseKey() external view returns (uint32 keyId, ReleaseKey memory key) {
        // Keys are few (registered by the admin, one per rotation); a view may walk them newest first.
        for (keyId = _nextReleaseKeyId - 1; keyId != 0; --keyId) {
            if (_releaseKeys[keyId].status == ReleaseKeyStatus.Active) return (keyId, getReleaseKey(keyId));
        }
        revert DataPolicy__NoActiveReleaseKey();
    }

    /// @inheritdoc IDataPolicy
    function nextReleaseKeyId() external view returns (uint32) {
        return _nextReleaseKeyId;
    }

    /// @inheritdoc IDataPolicy
    function isOrchestrator(address account) external view returns (bool) {
        return _orchestrators[account];
    }

    /// @inheritdoc IDataPolicy
    function nextJobId() external view returns (uint256) {
        return _nextJobId;
    }

    /// @inheritdoc IDataPolicy
    function nextProviderId() external view returns (uint32) {
        return _nextProviderId;
    }

    /// @inheritdoc IDataPolicy
    function protocolFee() external view returns (uint16 feeBps, address treasury) {
        return (_feeBps, _treasury);
    }

    /// @inheritdoc IDataPolicy
    function hashResultManifest(
        uint256 jobId,
        bytes32 datasetRoot,
        bytes32 resultRoot,
        bytes32 codeHash,
        bytes32 attestationRef,
        uint16 actualEpochs,
        bytes32 receiptsHead
    ) external view returns (bytes32) {
        return _hashResultManifest(
            jobId, datasetRoot, resultRoot, codeHash, attestationRef, actualEpochs, receiptsHead
        );
    }

    /// @inheritdoc IDataPolicy
    function hashEpochReceipt(
        uint256 jobId,
        uint16 epoch,
        uint64 samples,
        uint64 lossMicro,
        bytes32 adapterHash,
        bytes32 prevReceipt
    ) external view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(EPOCH_RECEIPT_TYPEHASH, jobId, epoch, samples, lossMicro, adapterHash, prevReceipt)
            )
        );
    }

    /// @inheritdoc IDataPolicy
    function hashFailureReport(uint256 jobId, bytes32 reason) external view returns (bytes32) {
        return _hashFailureReport(jobId, reason);
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @dev What a completed job pays out; the four amounts sum to the job's escrow.
    struct Settlement {
        uint256 ownerAmount;
        uint256 providerAmount;
        uint256 feeAmount;
        uint256 refund;
    }

    /// @dev Registration of a root another account (or the caller) holds: the caller takes it over only with a
    ///      strictly earlier claim (see {IDataPolicy-registerDataset}); the record gets a fresh tenure id and the
    ///      caller's policy as a new version, and the former owner's versions stay for its jobs' terms.
    function _displace(
        DatasetRecord storage dataset,
        bytes32 datasetRoot,
        address holder,
        bytes32 manifestHash,
        Policy calldata policy
    ) internal {
        uint256 claim = _claimBlock(msg.sender, datasetRoot);
        uint256 held = _claimBlock(holder, datasetRoot);
        if (dataset.claimBlock < held) held = dataset.claimBlock;
        if (holder == msg.sender || claim >= held) revert DataPolicy__DatasetExists(datasetRoot);
        _validatePolicy(policy);
        _formerOwners[dataset.id] = holder;
        uint32 id = _nextDatasetId++;
        uint16 former = dataset.policyVersion;
        _formerManifests[datasetRoot][former] = dataset.manifestHash;
        uint16 version = former + 1;
        dataset.owner = msg.sender;
        dataset.active = true;
        dataset.policyVersion = version;
        dataset.id = id;
        dataset.claimBlock = uint40(claim);
        dataset.manifestHash = manifestHash;
        _datasetRoots[id] = datasetRoot;
        _storePolicy(_policies[datasetRoot][version], policy);
        emit DatasetOwnerReplaced(datasetRoot, holder, msg.sender, manifestHash, version, policy);
    }

    /// @dev Block of `account`'s commitment to `datasetRoot`, or the current block when it has none (a commitment
    ///      made in this block is worth no more than none).
    function _claimBlock(address account, bytes32 datasetRoot) internal view returns (uint256) {
        uint256 committed = _commitments[keccak256(abi.encode(account, datasetRoot))];
        return committed != 0 ? committed : block.number;
    }

    function _ownedDataset(bytes32 datasetRoot) internal view returns (DatasetRecord storage dataset) {
        dataset = _datasets[datasetRoot];
        address owner = dataset.owner;
        if (owner == address(0)) revert DataPolicy__UnknownDataset(datasetRoot);
        if (owner != msg.sender) revert DataPolicy__NotDatasetOwner(datasetRoot, msg.sender);
    }

    /// @dev Returns the caller's provider and its current terms version; reverts for unknown or foreign ones.
    function _operatedProvider(uint32 providerId)
        internal
        view
        returns (ProviderRecord storage provider, uint16 termsVersion)
    {
        provider = _providers[providerId];
        termsVersion = provider.termsVersion;
        address operator = _providerTerms[providerId][termsVersion].operator;
        if (operator == address(0)) revert DataPolicy__UnknownProvider(providerId);
        if (operator != msg.sender) revert DataPolicy__NotProviderOperator(providerId, msg.sender);
    }

    /// @dev Writes terms version `version` and makes it the provider's current one.
    function _setTerms(
        uint32 providerId,
        ProviderRecord storage provider,
        uint16 version,
        address operator,
        uint96 pricePerEpoch
    ) internal {
        _providerTerms[providerId][version] =
            ProviderTerms({operator: operator, pricePerEpoch: pricePerEpoch});
        provider.pricePerEpoch = pricePerEpoch;
        provider.termsVersion = version;
    }

    /// @dev Checks the grant-time policy terms (expiry, purpose, epochs) and returns the royalty per epoch.
    function _checkTerms(bytes32 datasetRoot, Policy storage policy, uint8 purposeId, uint16 epochs)
        internal
        view
        returns (uint96 royaltyPerEpoch)
    {
        uint40 expiry = policy.expiry;
        if (expiry != 0 && block.timestamp >= expiry) revert DataPolicy__PolicyExpired(datasetRoot, expiry);
        if (purposeId >= 32 || (policy.allowedPurposes >> purposeId) & 1 == 0) {
            revert DataPolicy__PurposeNotAllowed(purposeId);
        }
        uint16 maxEpochs = policy.maxEpochsPerJob;
        if (epochs == 0 || epochs > maxEpochs) revert DataPolicy__InvalidEpochs(epochs, maxEpochs);
        royaltyPerEpoch = policy.royaltyPerEpoch;
    }

    /// @dev Returns the current price and terms version of an active provider; reverts for unknown or inactive ones.
    function _activeProviderTerms(uint32 providerId)
        internal
        view
        returns (uint96 pricePerEpoch, uint16 version)
    {
        ProviderRecord storage provider = _providers[providerId];
        version = provider.termsVersion;
        if (version == 0) revert DataPolicy__UnknownProvider(providerId);
        if (!provider.active) revert DataPolicy__ProviderInactive(providerId);
        pricePerEpoch = provider.pricePerEpoch;
    }

    function _validatePolicy(Policy calldata policy) internal view {
        if (policy.maxEpochsPerJob == 0) revert DataPolicy__InvalidPolicy("maxEpochsPerJob");
        if (policy.maxActiveJobsPerRequester == 0) {
            revert DataPolicy__InvalidPolicy("maxActiveJobsPerRequester");
        }
        if (policy.sessionTtl < MIN_SESSION_TTL || policy.sessionTtl > MAX_SESSION_TTL) {
            revert DataPolicy__InvalidPolicy("sessionTtl");
        }
        if (policy.expiry != 0 && policy.expiry <= block.timestamp) {
            revert DataPolicy__InvalidPolicy("expiry");
        }
        if (policy.allowedPurposes == 0) revert DataPolicy__InvalidPolicy("allowedPurposes");
        bytes32 attestationPolicy = policy.attestationPolicy;
        if (attestationPolicy != bytes32(0)) _requirePolicy(attestationPolicy, PolicyRole.Provider);
    }

    /// @dev Reverts unless `policyHash` is allowed with `role`.
    function _requirePolicy(bytes32 policyHash, PolicyRole role) internal view {
        AttestationPolicyRecord storage record = _attestationPolicies[policyHash];
        if (!record.allowed) revert DataPolicy__AttestationPolicyNotAllowed(policyHash);
        PolicyRole actual = record.role;
        if (actual != role) revert DataPolicy__AttestationPolicyWrongRole(policyHash, role, actual);
    }

    /// @dev Writes a policy; the attestation slot is skipped when zero (it is zero in fresh storage).
    function _storePolicy(Policy storage stored, Policy calldata policy) internal {
        stored.royaltyPerEpoch = policy.royaltyPerEpoch;
        stored.maxEpochsPerJob = policy.maxEpochsPerJob;
        stored.maxActiveJobsPerRequester = policy.maxActiveJobsPerRequester;
        stored.sessionTtl = policy.sessionTtl;
        stored.expiry = policy.expiry;
        stored.allowedPurposes = policy.allowedPurposes;
        bytes32 attestationPolicy = policy.attestationPolicy;
        if (attestationPolicy != bytes32(0)) stored.attestationPolicy = attestationPolicy;
    }

    function _validateEndpoint(string calldata endpoint) internal pure {
        uint256 length = bytes(endpoint).length;
        if (length == 0 || length > MAX_ENDPOINT_LENGTH) revert DataPolicy__InvalidEndpoint();
    }

    function _requireState(uint256 jobId, JobState actual, JobState expected) internal pure {
        if (actual == JobState.None) revert DataPolicy__UnknownJob(jobId);
        if (actual != expected) revert DataPolicy__InvalidJobState(jobId, actual);
    }

    /// @dev Open = Granted or Running: the states a job can still fail or be reclaimed from.
    function _requireOpen(uint256 jobId, JobState state) internal pure {
        if (state == JobState.None) revert DataPolicy__UnknownJob(jobId);
        if (state != JobState.Granted && state != JobState.Running) {
            revert DataPolicy__InvalidJobState(jobId, state);
        }
    }

    function _requireEnclaveSignature(bytes32 digest, bytes calldata signature, address expected)
        internal
        pure
    {
        (address recovered, ECDSA.RecoverError error,) = ECDSA.tryRecoverCalldata(digest, signature);
        if (error != ECDSA.RecoverError.NoError || recovered != expected) {
            revert DataPolicy__InvalidSignature(recovered, expected);
        }
    }

    function _hashResultManifest(
        uint256 jobId,
        bytes32 datasetRoot,
        bytes32 resultRoot,
        bytes32 codeHash,
        bytes32 attestationRef,
        uint16 actualEpochs,
        bytes32 receiptsHead
    ) internal view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    RESULT_MANIFEST_TYPEHASH,
                    jobId,
                    datasetRoot,
                    resultRoot,
                    codeHash,
                    attestationRef,
                    actualEpochs,
                    receiptsHead
                )
            )
        );
    }

    function _hashFailureReport(uint256 jobId, bytes32 reason) internal view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(FAILURE_REPORT_TYPEHASH, jobId, reason)));
    }

    /// @dev Splits a completed job's escrow; the protocol fee (rounded down) is credited to the treasury here.
    function _settle(
        uint256 royaltyPerEpoch,
        uint256 pricePerEpoch,
        uint16 feeBps,
        uint16 epochs,
        uint16 actualEpochs
    ) internal returns (Settlement memory s) {
        // Bounded: (2^96 + 2^96) * 2^16 < 2^113 and actualEpochs <= epochs, so none of this can overflow.
        unchecked {
            s.ownerAmount = royaltyPerEpoch * actualEpochs;
            s.providerAmount = pricePerEpoch * actualEpochs;
            s.refund = (royaltyPerEpoch + pricePerEpoch) * (epochs - actualEpochs);
            if (feeBps != 0) {
                uint256 ownerFee = s.ownerAmount * feeBps / 10_000;
                uint256 providerFee = s.providerAmount * feeBps / 10_000;
                s.ownerAmount -= ownerFee;
                s.providerAmount -= providerFee;
                s.feeAmount = ownerFee + providerFee;
                _credit(_treasury, s.feeAmount);
            }
        }
    }

    /// @dev Closes an open job and credits its whole escrow back to the requester.
    function _refundAll(JobRecord storage job) internal returns (uint256 refund) {
        address requester = job.requester;
        _closeJob(_datasetRoots[job.datasetId], requester);
        uint256 pricePerEpoch = _providerTerms[job.providerId][job.providerTermsVersion].pricePerEpoch;
        refund = (uint256(job.royaltyPerEpoch) + pricePerEpoch) * job.epochs;
        _credit(requester, refund);
    }

    function _closeJob(bytes32 datasetRoot, address requester) internal {
        unchecked {
            // An open job always counted itself at grant, so this never underflows.
            _activeJobs[datasetRoot][requester]--;
        }
    }

    function _credit(address account, uint256 amount) internal {
        if (amount != 0) _credits[account] += amount;
    }
}
