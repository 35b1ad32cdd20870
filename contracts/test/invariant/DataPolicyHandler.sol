// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {IDataPolicy} from "../../src/IDataPolicy.sol";
import {IDataPolicyFull} from "../utils/IDataPolicyFull.sol";

/// @notice Drives DataPolicy through valid actions only (the invariant run fails on any revert) and keeps ghost
///         books computed independently of the contract: money in and out, each job's escrow and payout, the
///         credits every account should hold and the last state seen per job. Each dataset has a claimant who
///         committed to its root before its owner registered, and may displace the owner at any point.
contract DataPolicyHandler is CommonBase, StdCheats, StdUtils {
    IDataPolicyFull public immutable dp;
    address public immutable admin;
    address public immutable orchestrator;
    address public immutable treasury;

    bytes32[] public roots;
    uint32[] public providerIds;
    address[] public requesters;
    address[] internal _accounts;
    uint256[3] internal _enclaveKeys;

    struct JobGhost {
        uint256 escrow;
        uint256 paidOut;
        bytes32 root;
        uint256 enclaveKey;
        IDataPolicy.JobState lastState;
        /// @dev The dataset owner at grant: the royalty goes there even after a displacement.
        address owner;
    }

    mapping(bytes32 root => address claimant) public claimants;

    mapping(uint256 jobId => JobGhost) internal _jobs;
    mapping(address account => uint256) public ghostCredits;
    uint256 public ghostDeposited;
    uint256 public ghostWithdrawn;
    mapping(bytes32 action => uint256) public calls;
    /// @notice Set once any job's state is seen to move other than forward.
    bool public stateMovedBackwards;
    /// @notice Lowest fee `setProtocolFee` picks (a suite that must always charge a fee raises it above 0).
    uint16 public minFeeBps;

    /// @dev After every action, compares every job's state with the last one seen.
    modifier tracksStates() {
        _;
        uint256 lastJob = dp.nextJobId();
        for (uint256 jobId = 1; jobId < lastJob; ++jobId) {
            IDataPolicy.JobState current = dp.getJob(jobId).state;
            if (!_isForward(_jobs[jobId].lastState, current)) stateMovedBackwards = true;
            _jobs[jobId].lastState = current;
        }
    }

    bytes internal constant RESULT_KEY =
        hex"03f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9";

    constructor(IDataPolicyFull dp_, address admin_, address orchestrator_, address treasury_) {
        dp = dp_;
        admin = admin_;
        orchestrator = orchestrator_;
        treasury = treasury_;
        _accounts.push(treasury_);
        for (uint256 i; i < 2; ++i) {
            bytes32 root = keccak256(abi.encode("licen/invariant/root", i));
            address claimant = makeAddr(string.concat("claimant", vm.toString(i)));
            vm.prank(claimant);
            dp.commitDataset(keccak256(abi.encode(claimant, root)));
            claimants[root] = claimant;
            _accounts.push(claimant);
        }
        vm.roll(block.number + 1);
        for (uint256 i; i < 2; ++i) {
            address owner = makeAddr(string.concat("owner", vm.toString(i)));
            bytes32 root = keccak256(abi.encode("licen/invariant/root", i));
            vm.prank(owner);
            dp.registerDataset(root, keccak256(abi.encode(root)), _policy(1 ether, 1 days));
            roots.push(root);
            _accounts.push(owner);

            address operator = makeAddr(string.concat("operator", vm.toString(i)));
            vm.prank(operator);
            providerIds.push(dp.registerProvider("https://provider.example", uint96(0.1 ether * (i + 1))));
            _accounts.push(operator);
        }
        for (uint256 i; i < 3; ++i) {
            address requester = makeAddr(string.concat("requester", vm.toString(i)));
            requesters.push(requester);
            _accounts.push(requester);
            _enclaveKeys[i] = uint256(keccak256(abi.encode("licen/invariant/enclave", i)));
        }
    }

    /*//////////////////////////////////////////////////////////////
                                ACTIONS
    //////////////////////////////////////////////////////////////*/

    function requestAccess(uint256 requesterSeed, uint256 rootSeed, uint256 providerSeed, uint16 epochs)
        external
        tracksStates
    {
        address requester = requesters[requesterSeed % requesters.length];
        (bool found, bytes32 root) = _findOpenDataset(rootSeed, requester);
        if (!found) return;
        (bool active, uint32 providerId) = _findActiveProvider(providerSeed);
        if (!active) return;
        IDataPolicy.Policy memory policy = dp.getPolicy(root, dp.getDataset(root).policyVersion);
        epochs = uint16(bound(epochs, 1, policy.maxEpochsPerJob));
        uint256 escrow = (uint256(policy.royaltyPerEpoch) + dp.getProvider(providerId).pricePerEpoch) * epochs;
        vm.deal(requester, escrow);
        vm.prank(requester);
        uint256 jobId = dp.requestAccess{value: escrow}(root, 0, epochs, providerId, RESULT_KEY);
        _jobs[jobId] = JobGhost({
            escrow: escrow,
            paidOut: 0,
            root: root,
            enclaveKey: 0,
            lastState: IDataPolicy.JobState.None,
            owner: dp.getDataset(root).owner
        });
        ghostDeposited += escrow;
        ++calls["requestAccess"];
    }

    function startJob(uint256 jobSeed, uint256 keySeed) external tracksStates {
        (uint256 jobId,) = _findJob(jobSeed, Want.Startable);
        if (jobId == 0) return;
        uint256 key = _enclaveKeys[keySeed % _enclaveKeys.length];
        _jobs[jobId].enclaveKey = key;
        vm.prank(orchestrator);
        dp.startJob(jobId, vm.addr(key), keccak256(abi.encode("quote", jobId)), _attestationPolicy());
        ++calls["startJob"];
    }

    function confirmTrainingComplete(uint256 jobSeed, uint16 actualEpochs) external tracksStates {
        (uint256 jobId, IDataPolicy.Job memory job) = _findJob(jobSeed, Want.Settleable);
        if (jobId == 0) return;
        actualEpochs = uint16(bound(actualEpochs, 0, job.epochs));
        bytes memory signature = _sign(
            jobId,
            dp.hashResultManifest(
                jobId, job.datasetRoot, "result", "code", job.attestationRef, actualEpochs, bytes32(0)
            )
        );
        _bookSettlement(jobId, job, actualEpochs);
        uint256 before = _creditTotal();
        dp.confirmTrainingComplete(jobId, actualEpochs, "result", bytes32(0), "code", signature);
        _jobs[jobId].paidOut = _creditTotal() - before;
        ++calls["confirmTrainingComplete"];
    }

    function markJobFailed(uint256 jobSeed) external tracksStates {
        // Failing is the cheapest way out of a job; do it a third of the time so settlement gets its share.
        if (jobSeed % 3 != 0) return;
        (uint256 jobId, IDataPolicy.Job memory job) = _findJob(jobSeed, Want.Open);
        if (jobId == 0) return;
        ghostCredits[job.requester] += _jobs[jobId].escrow;
        uint256 before = _creditTotal();
        vm.prank(orchestrator);
        dp.markJobFailed(jobId, "TEST_FAILURE");
        _jobs[jobId].paidOut = _creditTotal() - before;
        ++calls["markJobFailed"];
    }

    function reportJobFailure(uint256 jobSeed) external tracksStates {
        (uint256 jobId, IDataPolicy.Job memory job) = _findJob(jobSeed, Want.Running);
        if (jobId == 0) return;
        bytes memory signature = _sign(jobId, dp.hashFailureReport(jobId, "OOM"));
        ghostCredits[job.requester] += _jobs[jobId].escrow;
        uint256 before = _creditTotal();
        dp.reportJobFailure(jobId, "OOM", signature);
        _jobs[jobId].paidOut = _creditTotal() - before;
        ++calls["reportJobFailure"];
    }

    function reclaim(uint256 jobSeed) external tracksStates {
        (uint256 jobId, IDataPolicy.Job memory job) = _findJob(jobSeed, Want.Expired);
        if (jobId == 0) return;
        ghostCredits[job.requester] += _jobs[jobId].escrow;
        uint256 before = _creditTotal();
        dp.reclaim(jobId);
        _jobs[jobId].paidOut = _creditTotal() - before;
        ++calls["reclaim"];
    }

    function withdraw(uint256 accountSeed) external tracksStates {
        address account = _accounts[accountSeed % _accounts.length];
        uint256 amount = dp.credits(account);
        if (amount == 0) return;
        vm.prank(account);
        dp.withdraw();
        ghostCredits[account] -= amount;
        ghostWithdrawn += amount;
        ++calls["withdraw"];
    }

    function warp(uint32 seconds_) external tracksStates {
        vm.warp(block.timestamp + bound(seconds_, 1, 12 hours));
        ++calls["warp"];
    }

    function setProtocolFee(uint16 feeBps) external tracksStates {
        vm.prank(admin);
        dp.setProtocolFee(uint16(bound(feeBps, minFeeBps, 1000)), treasury);
        ++calls["setProtocolFee"];
    }

    /// @notice Not a fuzz target: a suite's setUp keeps the fee at or above `bps` for the whole run.
    function setMinFeeBps(uint16 bps) external {
        minFeeBps = bps;
    }

    function updatePolicy(uint256 rootSeed, uint96 royalty, uint32 ttl) external tracksStates {
        bytes32 root = roots[rootSeed % roots.length];
        IDataPolicy.Dataset memory dataset = dp.getDataset(root);
        vm.prank(dataset.owner);
        dp.updatePolicy(root, _policy(uint96(bound(royalty, 0, 5 ether)), ttl));
        ++calls["updatePolicy"];
    }

    function updateProvider(uint256 providerSeed, uint96 price) external tracksStates {
        uint32 providerId = providerIds[providerSeed % providerIds.length];
        vm.prank(dp.getProvider(providerId).operator);
        dp.updateProvider(providerId, "https://provider.example/v2", uint96(bound(price, 0, 2 ether)));
        ++calls["updateProvider"];
    }

    function toggleDataset(uint256 rootSeed) external tracksStates {
        bytes32 root = roots[rootSeed % roots.length];
        IDataPolicy.Dataset memory dataset = dp.getDataset(root);
        vm.prank(dataset.owner);
        dp.setDatasetActive(root, !dataset.active);
        ++calls["toggleDataset"];
    }

    /// @dev The claimant (earlier commitment) takes the dataset over once; later calls on that root do nothing.
    function displaceOwner(uint256 rootSeed, uint96 royalty, uint32 ttl) external tracksStates {
        bytes32 root = roots[rootSeed % roots.length];
        address claimant = claimants[root];
        if (dp.getDataset(root).owner == claimant) return;
        vm.prank(claimant);
        dp.registerDataset(
            root, keccak256(abi.encode("claimant", root)), _policy(uint96(bound(royalty, 0, 5 ether)), ttl)
        );
        ++calls["displaceOwner"];
    }

    function toggleProvider(uint256 providerSeed) external tracksStates {
        uint32 providerId = providerIds[providerSeed % providerIds.length];
        IDataPolicy.Provider memory provider = dp.getProvider(providerId);
        vm.prank(provider.operator);
        dp.setProviderActive(providerId, !provider.active);
        ++calls["toggleProvider"];
    }

    /*//////////////////////////////////////////////////////////////
                           GHOST ACCESSORS
    //////////////////////////////////////////////////////////////*/

    function accounts() external view returns (address[] memory) {
        return _accounts;
    }

    function rootsLength() external view returns (uint256) {
        return roots.length;
    }

    function requestersLength() external view returns (uint256) {
        return requesters.length;
    }

    function jobGhost(uint256 jobId) external view returns (JobGhost memory) {
        return _jobs[jobId];
    }

    enum Want {
        Open,
        Startable,
        Running,
        Settleable,
        Expired
    }

    /// @dev Scans the jobs from a seeded start for one the action applies to; jobId 0 when there is none.
    function _findJob(uint256 seed, Want want)
        internal
        view
        returns (uint256 jobId, IDataPolicy.Job memory job)
    {
        uint256 count = dp.nextJobId() - 1;
        for (uint256 i; i < count; ++i) {
            uint256 candidate = 1 + (seed % count + i) % count;
            job = dp.getJob(candidate);
            if (_wanted(candidate, job, want)) return (candidate, job);
        }
    }

    function _wanted(uint256 jobId, IDataPolicy.Job memory job, Want want) internal view returns (bool) {
        bool granted = job.state == IDataPolicy.JobState.Granted;
        bool running = job.state == IDataPolicy.JobState.Running;
        bool late = block.timestamp > job.deadline;
        if (want == Want.Open) return granted || running;
        if (want == Want.Startable) {
            return
                granted && !late && dp.getDataset(job.datasetRoot).active
                    && dp.grantedUnderCurrentOwner(jobId);
        }
        if (want == Want.Running) return running;
        if (want == Want.Settleable) return running && !late;
        return (granted || running) && late;
    }

    function _findOpenDataset(uint256 seed, address requester) internal view returns (bool, bytes32) {
        for (uint256 i; i < roots.length; ++i) {
            bytes32 root = roots[(seed % roots.length + i) % roots.length];
            IDataPolicy.Dataset memory dataset = dp.getDataset(root);
            uint16 cap = dp.getPolicy(root, dataset.policyVersion).maxActiveJobsPerRequester;
            if (dataset.active && dp.activeJobs(root, requester) < cap) return (true, root);
        }
        return (false, bytes32(0));
    }

    function _findActiveProvider(uint256 seed) internal view returns (bool, uint32) {
        for (uint256 i; i < providerIds.length; ++i) {
            uint32 providerId = providerIds[(seed % providerIds.length + i) % providerIds.length];
            if (dp.getProvider(providerId).active) return (true, providerId);
        }
        return (false, 0);
    }

    /// @dev Books the expected split of a completed job, computed here rather than read back from the contract.
    function _bookSettlement(uint256 jobId, IDataPolicy.Job memory job, uint16 actualEpochs) internal {
        uint256 ownerAmount = uint256(job.royaltyPerEpoch) * actualEpochs;
        uint256 providerAmount = uint256(job.pricePerEpoch) * actualEpochs;
        uint256 ownerFee = ownerAmount * job.feeBps / 10_000;
        uint256 providerFee = providerAmount * job.feeBps / 10_000;
        ghostCredits[_jobs[jobId].owner] += ownerAmount - ownerFee;
        ghostCredits[dp.getProvider(job.providerId).operator] += providerAmount - providerFee;
        ghostCredits[treasury] += ownerFee + providerFee;
        ghostCredits[job.requester] += _jobs[jobId].escrow - ownerAmount - providerAmount;
    }

    function _sign(uint256 jobId, bytes32 digest) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_jobs[jobId].enclaveKey, digest);
        return abi.encodePacked(r, s, v);
    }

    function _creditTotal() internal view returns (uint256 total) {
        for (uint256 i; i < _accounts.length; ++i) {
            total += dp.credits(_accounts[i]);
        }
    }

    /// @dev Granted → Running → Completed | Failed | Reclaimed; Granted → Failed | Reclaimed; nothing else.
    function _isForward(IDataPolicy.JobState previous, IDataPolicy.JobState current)
        internal
        pure
        returns (bool)
    {
        if (previous == current) return true;
        if (previous == IDataPolicy.JobState.None) return current == IDataPolicy.JobState.Granted;
        if (previous == IDataPolicy.JobState.Granted) {
            return current == IDataPolicy.JobState.Running || current == IDataPolicy.JobState.Failed
                || current == IDataPolicy.JobState.Reclaimed;
        }
        if (previous == IDataPolicy.JobState.Running) {
            return current == IDataPolicy.JobState.Completed || current == IDataPolicy.JobState.Failed
                || current == IDataPolicy.JobState.Reclaimed;
        }
        return false;
    }

    function _attestationPolicy() internal pure returns (bytes32) {
        return keccak256("licen/invariant/attestation-policy");
    }

    function _policy(uint96 royalty, uint32 ttl) internal pure returns (IDataPolicy.Policy memory) {
        return IDataPolicy.Policy({
            royaltyPerEpoch: royalty,
            maxEpochsPerJob: 8,
            maxActiveJobsPerRequester: 3,
            sessionTtl: uint32(bound(ttl, 1 hours, 3 days)),
            expiry: 0,
            allowedPurposes: 1,
            attestationPolicy: _attestationPolicy()
        });
    }
}
