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
contract DataPolicy is IDataPolicy, Ownable2Step, EIP712, ReentrancyGuardTransient {
    /// @notice Largest protocol fee: 10%.
    uint16 public constant MAX_FEE_BPS = 1000;
    /// @notice Shortest and longest allowed session TTL.
    uint32 public constant MIN_SESSION_TTL = 60;
    uint32 public constant MAX_SESSION_TTL = 30 days;
    /// @notice Longest provider endpoint in bytes.
    uint256 public constant MAX_ENDPOINT_LENGTH = 256;

    bytes32 public constant RESULT_MANIFEST_TYPEHASH = keccak256(
        "ResultManifest(uint256 jobId,bytes32 datasetRoot,bytes32 resultRoot,bytes32 codeHash,bytes32 attestationRef,uint16 actualEpochs,bytes32 receiptsHead)"
    );
    bytes32 public constant EPOCH_RECEIPT_TYPEHASH = keccak256(
        "EpochReceipt(uint256 jobId,uint16 epoch,uint64 samples,uint64 lossMicro,bytes32 adapterHash,bytes32 prevReceipt)"
    );
    bytes32 public constant FAILURE_REPORT_TYPEHASH = keccak256("FailureReport(uint256 jobId,bytes32 reason)");

    mapping(bytes32 datasetRoot => Dataset) internal _datasets;
    mapping(bytes32 datasetRoot => mapping(uint16 version => Policy)) internal _policies;
    mapping(bytes32 datasetRoot => mapping(address requester => uint16)) internal _activeJobs;
    mapping(uint32 providerId => Provider) internal _providers;
    mapping(uint256 jobId => Job) internal _jobs;
    mapping(bytes32 policyHash => bool) internal _allowedPolicies;
    mapping(address account => bool) internal _orchestrators;
    mapping(address account => uint256) internal _credits;

    uint256 internal _nextJobId = 1;
    uint32 internal _nextProviderId = 1;
    uint16 internal _feeBps;
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
    function registerDataset(bytes32 datasetRoot, bytes32 manifestHash, Policy calldata policy) external {
        if (datasetRoot == bytes32(0) || manifestHash == bytes32(0)) revert DataPolicy__ZeroHash();
        if (_datasets[datasetRoot].owner != address(0)) revert DataPolicy__DatasetExists(datasetRoot);
        _validatePolicy(policy);
        _datasets[datasetRoot] =
            Dataset({owner: msg.sender, active: true, policyVersion: 1, manifestHash: manifestHash});
        _policies[datasetRoot][1] = policy;
        emit DatasetRegistered(datasetRoot, msg.sender, manifestHash, policy);
    }

    /// @inheritdoc IDataPolicy
    function updatePolicy(bytes32 datasetRoot, Policy calldata policy) external returns (uint16 version) {
        Dataset storage dataset = _ownedDataset(datasetRoot);
        _validatePolicy(policy);
        version = dataset.policyVersion + 1;
        dataset.policyVersion = version;
        _policies[datasetRoot][version] = policy;
        emit PolicyUpdated(datasetRoot, version, policy);
    }

    /// @inheritdoc IDataPolicy
    function setDatasetActive(bytes32 datasetRoot, bool active) external {
        _ownedDataset(datasetRoot).active = active;
        emit DatasetActiveSet(datasetRoot, active);
    }

    /*//////////////////////////////////////////////////////////////
                               PROVIDERS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IDataPolicy
    function registerProvider(string calldata endpoint, uint96 pricePerEpoch) external returns (uint32 providerId) {
        _validateEndpoint(endpoint);
        providerId = _nextProviderId++;
        _providers[providerId] =
            Provider({operator: msg.sender, active: true, pricePerEpoch: pricePerEpoch, endpoint: endpoint});
        emit ProviderRegistered(providerId, msg.sender, endpoint, pricePerEpoch);
    }

    /// @inheritdoc IDataPolicy
    function updateProvider(uint32 providerId, string calldata endpoint, uint96 pricePerEpoch) external {
        Provider storage provider = _operatedProvider(providerId);
        _validateEndpoint(endpoint);
        provider.endpoint = endpoint;
        provider.pricePerEpoch = pricePerEpoch;
        emit ProviderUpdated(providerId, endpoint, pricePerEpoch);
    }

    /// @inheritdoc IDataPolicy
    function setProviderActive(uint32 providerId, bool active) external {
        _operatedProvider(providerId).active = active;
        emit ProviderActiveSet(providerId, active);
    }

    /*//////////////////////////////////////////////////////////////
                                 ADMIN
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IDataPolicy
    function setAttestationPolicy(bytes32 policyHash, bool allowed, string calldata uri) external onlyOwner {
        if (policyHash == bytes32(0)) revert DataPolicy__ZeroHash();
        _allowedPolicies[policyHash] = allowed;
        emit AttestationPolicySet(policyHash, allowed, uri);
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
        Dataset storage dataset = _datasets[datasetRoot];
        if (dataset.owner == address(0)) revert DataPolicy__UnknownDataset(datasetRoot);
        if (!dataset.active) revert DataPolicy__DatasetInactive(datasetRoot);
        uint16 policyVersion = dataset.policyVersion;
        Policy storage policy = _policies[datasetRoot][policyVersion];
        // Copy the packed slot once; every term below comes from it.
        uint96 royaltyPerEpoch = policy.royaltyPerEpoch;
        uint40 expiry = policy.expiry;
        if (expiry != 0 && block.timestamp >= expiry) revert DataPolicy__PolicyExpired(datasetRoot, expiry);
        if (purposeId >= 32 || (policy.allowedPurposes >> purposeId) & 1 == 0) {
            revert DataPolicy__PurposeNotAllowed(purposeId);
        }
        uint16 maxEpochs = policy.maxEpochsPerJob;
        if (epochs == 0 || epochs > maxEpochs) revert DataPolicy__InvalidEpochs(epochs, maxEpochs);
        if (
            resultPubKey.length != 33 || (resultPubKey[0] != 0x02 && resultPubKey[0] != 0x03)
        ) revert DataPolicy__InvalidResultKey();

        Provider storage provider = _providers[providerId];
        if (provider.operator == address(0)) revert DataPolicy__UnknownProvider(providerId);
        if (!provider.active) revert DataPolicy__ProviderInactive(providerId);
        uint96 pricePerEpoch = provider.pricePerEpoch;

        uint256 expected = (uint256(royaltyPerEpoch) + pricePerEpoch) * epochs;
        if (msg.value != expected) revert DataPolicy__WrongPayment(expected, msg.value);

        uint16 open = _activeJobs[datasetRoot][msg.sender];
        uint16 limit = policy.maxActiveJobsPerRequester;
        if (open >= limit) revert DataPolicy__RequesterCapReached(limit);
        _activeJobs[datasetRoot][msg.sender] = open + 1;

        jobId = _nextJobId++;
        uint40 deadline = uint40(block.timestamp) + policy.sessionTtl;
        uint16 feeBps = _feeBps;
        Job storage job = _jobs[jobId];
        job.datasetRoot = datasetRoot;
        job.requester = msg.sender;
        job.deadline = deadline;
        job.providerId = providerId;
        job.epochs = epochs;
        job.state = JobState.Granted;
        job.royaltyPerEpoch = royaltyPerEpoch;
        job.pricePerEpoch = pricePerEpoch;
        job.policyVersion = policyVersion;
        job.feeBps = feeBps;
        job.purposeId = purposeId;
        job.resultKeyTag = bytes12(keccak256(resultPubKey));

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
        Job storage job = _jobs[jobId];
        _requireState(jobId, job.state, JobState.Granted);
        if (block.timestamp > job.deadline) revert DataPolicy__DeadlinePassed(jobId, job.deadline);
        if (enclaveSigner == address(0)) revert DataPolicy__ZeroSigner();
        if (attestationRef == bytes32(0)) revert DataPolicy__ZeroHash();
        bytes32 datasetRoot = job.datasetRoot;
        if (!_datasets[datasetRoot].active) revert DataPolicy__DatasetInactive(datasetRoot);
        if (!_allowedPolicies[policyHash]) revert DataPolicy__AttestationPolicyNotAllowed(policyHash);
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
        Job storage job = _jobs[jobId];
        _requireState(jobId, job.state, JobState.Running);
        if (block.timestamp > job.deadline) revert DataPolicy__DeadlinePassed(jobId, job.deadline);
        uint16 epochs = job.epochs;
        if (actualEpochs > epochs) revert DataPolicy__TooManyEpochs(actualEpochs, epochs);
        bytes32 datasetRoot = job.datasetRoot;
        bytes32 digest = _hashTypedDataV4(
            keccak256(
                abi.encode(
                    RESULT_MANIFEST_TYPEHASH,
                    jobId,
                    datasetRoot,
                    resultRoot,
                    codeHash,
                    job.attestationRef,
                    actualEpochs,
                    receiptsHead
                )
            )
        );
        _requireEnclaveSignature(digest, signature, job.enclaveSigner);

        job.state = JobState.Completed;
        job.actualEpochs = actualEpochs;
        _closeJob(datasetRoot, job.requester);

        uint256 royaltyTotal = uint256(job.royaltyPerEpoch) * actualEpochs;
        uint256 providerTotal = uint256(job.pricePerEpoch) * actualEpochs;
        uint256 escrow = (uint256(job.royaltyPerEpoch) + job.pricePerEpoch) * epochs;
        uint256 refund = escrow - royaltyTotal - providerTotal;
        uint256 feeAmount;
        uint16 feeBps = job.feeBps;
        if (feeBps != 0) {
            uint256 royaltyFee = royaltyTotal * feeBps / 10_000;
            uint256 providerFee = providerTotal * feeBps / 10_000;
            royaltyTotal -= royaltyFee;
            providerTotal -= providerFee;
            feeAmount = royaltyFee + providerFee;
            _credit(_treasury, feeAmount);
        }
        _credit(_datasets[datasetRoot].owner, royaltyTotal);
        _credit(_providers[job.providerId].operator, providerTotal);
        _credit(job.requester, refund);
        emit JobCompleted(
            jobId, actualEpochs, resultRoot, receiptsHead, codeHash, royaltyTotal, providerTotal, feeAmount, refund
        );
    }

    /// @inheritdoc IDataPolicy
    function markJobFailed(uint256 jobId, bytes32 reason) external onlyOrchestrator {
        Job storage job = _jobs[jobId];
        JobState state = job.state;
        if (state != JobState.Granted && state != JobState.Running) revert DataPolicy__InvalidJobState(jobId, state);
        _fail(jobId, job, reason, false);
    }

    /// @inheritdoc IDataPolicy
    function reportJobFailure(uint256 jobId, bytes32 reason, bytes calldata signature) external {
        Job storage job = _jobs[jobId];
        _requireState(jobId, job.state, JobState.Running);
        bytes32 digest = _hashTypedDataV4(keccak256(abi.encode(FAILURE_REPORT_TYPEHASH, jobId, reason)));
        _requireEnclaveSignature(digest, signature, job.enclaveSigner);
        _fail(jobId, job, reason, true);
    }

    /// @inheritdoc IDataPolicy
    function reclaim(uint256 jobId) external {
        Job storage job = _jobs[jobId];
        JobState state = job.state;
        if (state != JobState.Granted && state != JobState.Running) revert DataPolicy__InvalidJobState(jobId, state);
        uint40 deadline = job.deadline;
        if (block.timestamp <= deadline) revert DataPolicy__DeadlineNotReached(jobId, deadline);
        job.state = JobState.Reclaimed;
        uint256 refund = _refundAll(job);
        emit JobReclaimed(jobId, msg.sender, refund);
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
        return _datasets[datasetRoot];
    }

    /// @inheritdoc IDataPolicy
    function getPolicy(bytes32 datasetRoot, uint16 version) external view returns (Policy memory) {
        return _policies[datasetRoot][version];
    }

    /// @inheritdoc IDataPolicy
    function getProvider(uint32 providerId) external view returns (Provider memory) {
        return _providers[providerId];
    }

    /// @inheritdoc IDataPolicy
    function getJob(uint256 jobId) external view returns (Job memory) {
        return _jobs[jobId];
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
        return _allowedPolicies[policyHash];
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
            keccak256(abi.encode(EPOCH_RECEIPT_TYPEHASH, jobId, epoch, samples, lossMicro, adapterHash, prevReceipt))
        );
    }

    /// @inheritdoc IDataPolicy
    function hashFailureReport(uint256 jobId, bytes32 reason) external view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(FAILURE_REPORT_TYPEHASH, jobId, reason)));
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    function _ownedDataset(bytes32 datasetRoot) internal view returns (Dataset storage dataset) {
        dataset = _datasets[datasetRoot];
        address owner = dataset.owner;
        if (owner == address(0)) revert DataPolicy__UnknownDataset(datasetRoot);
        if (owner != msg.sender) revert DataPolicy__NotDatasetOwner(datasetRoot, msg.sender);
    }

    function _operatedProvider(uint32 providerId) internal view returns (Provider storage provider) {
        provider = _providers[providerId];
        address operator = provider.operator;
        if (operator == address(0)) revert DataPolicy__UnknownProvider(providerId);
        if (operator != msg.sender) revert DataPolicy__NotProviderOperator(providerId, msg.sender);
    }

    function _validatePolicy(Policy calldata policy) internal view {
        if (policy.maxEpochsPerJob == 0) revert DataPolicy__InvalidPolicy("maxEpochsPerJob");
        if (policy.maxActiveJobsPerRequester == 0) revert DataPolicy__InvalidPolicy("maxActiveJobsPerRequester");
        if (policy.sessionTtl < MIN_SESSION_TTL || policy.sessionTtl > MAX_SESSION_TTL) {
            revert DataPolicy__InvalidPolicy("sessionTtl");
        }
        if (policy.expiry != 0 && policy.expiry <= block.timestamp) revert DataPolicy__InvalidPolicy("expiry");
        if (policy.allowedPurposes == 0) revert DataPolicy__InvalidPolicy("allowedPurposes");
        bytes32 attestationPolicy = policy.attestationPolicy;
        if (attestationPolicy != bytes32(0) && !_allowedPolicies[attestationPolicy]) {
            revert DataPolicy__AttestationPolicyNotAllowed(attestationPolicy);
        }
    }

    function _validateEndpoint(string calldata endpoint) internal pure {
        uint256 length = bytes(endpoint).length;
        if (length == 0 || length > MAX_ENDPOINT_LENGTH) revert DataPolicy__InvalidEndpoint();
    }

    function _requireState(uint256 jobId, JobState actual, JobState expected) internal pure {
        if (actual == JobState.None) revert DataPolicy__UnknownJob(jobId);
        if (actual != expected) revert DataPolicy__InvalidJobState(jobId, actual);
    }

    function _requireEnclaveSignature(bytes32 digest, bytes calldata signature, address expected) internal pure {
        (address recovered, ECDSA.RecoverError error,) = ECDSA.tryRecoverCalldata(digest, signature);
        if (error != ECDSA.RecoverError.NoError || recovered != expected) {
            revert DataPolicy__InvalidSignature(recovered, expected);
        }
    }

    function _fail(uint256 jobId, Job storage job, bytes32 reason, bool byEnclave) internal {
        if (reason == bytes32(0)) revert DataPolicy__ZeroReason();
        job.state = JobState.Failed;
        uint256 refund = _refundAll(job);
        emit JobFailed(jobId, reason, byEnclave, refund);
    }

    function _refundAll(Job storage job) internal returns (uint256 refund) {
        _closeJob(job.datasetRoot, job.requester);
        refund = (uint256(job.royaltyPerEpoch) + job.pricePerEpoch) * job.epochs;
        _credit(job.requester, refund);
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
