// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IDataPolicy} from "../src/IDataPolicy.sol";
import {EventIndexer} from "./replay/EventIndexer.sol";
import {DataPolicyFixture} from "./utils/DataPolicyFixture.sol";

/// @notice Records every log over a scripted history that reaches every event and job state, rebuilds the state
///         from the logs alone and checks it against the contract's views.
contract DataPolicyReplayTest is DataPolicyFixture {
    bytes32 internal constant OPEN_ROOT = keccak256("licen/test/replay/open");
    bytes32 internal constant COPIED_ROOT = keccak256("licen/test/replay/copied");
    bytes32 internal constant DIRECT_ROOT = keccak256("licen/test/replay/direct");
    address internal squatter = makeAddr("squatter");
    address internal secondResearcher = makeAddr("secondResearcher");
    address internal secondOperator = makeAddr("secondOperator");
    bytes32 internal constant ORCHESTRATOR_POLICY = keccak256("licen/test/replay/orchestrator-policy");
    bytes32 internal constant DIRECT_MANIFEST_2 = keccak256("licen/test/replay/direct-manifest-2");
    bytes internal constant RELEASE_KEY_1 =
        hex"02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5";
    bytes internal constant RELEASE_KEY_2 =
        hex"02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9";
    bytes internal constant RELEASE_KEY_3 =
        hex"03e493dbf1c10d80f3581e4904930b1404cc6c13900ee0758474fa94abe8c4cd13";

    function setUp() public override {
        vm.recordLogs(); // before the deployment, so the constructor's OwnershipTransferred is recorded too
        super.setUp();
    }

    function test_replay_rebuildsStateFromLogsAlone() public {
        _scriptHistory();
        EventIndexer indexer = new EventIndexer(address(dp));
        indexer.ingest(vm.getRecordedLogs());

        _assertDatasets(indexer);
        _assertProviders(indexer);
        _assertJobs(indexer);
        _assertAccounts(indexer);
        _assertAdmin(indexer);
    }

    function _scriptHistory() internal {
        // A dataset front-run by a squatter, then taken back by its owner's earlier commitment.
        vm.prank(datasetOwner);
        dp.commitDataset(keccak256(abi.encode(datasetOwner, COPIED_ROOT)));
        vm.prank(datasetOwner);
        dp.commitDataset(keccak256(abi.encode(datasetOwner, COPIED_ROOT))); // a repeat emits nothing
        vm.roll(block.number + 1);
        IDataPolicy.Policy memory copied = _policy();
        copied.royaltyPerEpoch = 0;
        vm.prank(squatter);
        dp.registerDataset(COPIED_ROOT, keccak256("licen/test/replay/copied-manifest"), copied);
        vm.prank(squatter);
        dp.setDatasetActive(COPIED_ROOT, false);
        vm.roll(block.number + 1);
        _registerDataset(COPIED_ROOT, _policy());

        // A dataset registered without a commitment, displaced by an account that committed before; the job
        // running under the first owner still pays it the royalty.
        vm.prank(squatter);
        dp.commitDataset(keccak256(abi.encode(squatter, DIRECT_ROOT)));
        vm.roll(block.number + 1);
        _registerDataset(DIRECT_ROOT, _policy());
        vm.prank(researcher);
        uint256 underFirstOwner =
            dp.requestAccess{value: _escrow(2)}(DIRECT_ROOT, RESEARCH, 2, providerId, RESULT_KEY);
        _start(underFirstOwner);
        vm.prank(squatter);
        dp.registerDataset(DIRECT_ROOT, keccak256("licen/test/replay/direct-manifest"), copied);
        dp.confirmTrainingComplete(
            underFirstOwner,
            2,
            RESULT_ROOT,
            RECEIPTS_HEAD,
            CODE_HASH,
            _sign(enclaveKey, _manifestDigest(underFirstOwner, DIRECT_ROOT, 2))
        );

        vm.deal(secondResearcher, 100 ether);
        uint32 secondProvider = _registerProvider(secondOperator, 0.5 ether);

        // A second dataset that accepts any allowed attestation policy, later delisted and relisted.
        IDataPolicy.Policy memory open = _policy();
        open.attestationPolicy = bytes32(0);
        open.allowedPurposes = 0x1f;
        _registerDataset(OPEN_ROOT, open);
        vm.startPrank(datasetOwner);
        dp.setDatasetActive(OPEN_ROOT, false);
        dp.setDatasetActive(OPEN_ROOT, true);
        vm.stopPrank();

        // Job 1: completes on the first terms. Job 2: failed by the orchestrator while Granted.
        uint256 completed = _requestAndStart(4);
        uint256 failed = _request(2);
        vm.prank(orchestrator);
        dp.markJobFailed(failed, REASON);
        _confirm(completed, 3);

        // New terms everywhere, then a fee; the provider changes price and endpoint.
        open.royaltyPerEpoch = 0.3 ether;
        vm.prank(datasetOwner);
        dp.updatePolicy(OPEN_ROOT, open);
        vm.startPrank(operator);
        dp.updateProvider(providerId, "https://moved.provider.example", 0.4 ether);
        dp.updateProvider(providerId, "https://moved-again.provider.example", 0.4 ether);
        vm.stopPrank();
        vm.prank(admin);
        dp.setProtocolFee(750, treasury);

        // Job 3 on the open dataset with the second provider: completes with a fee.
        vm.prank(secondResearcher);
        uint256 withFee =
            dp.requestAccess{value: (0.3 ether + 0.5 ether) * 5}(OPEN_ROOT, 4, 5, secondProvider, RESULT_KEY);
        vm.prank(admin);
        dp.setAttestationPolicy(
            OTHER_ATTESTATION_POLICY, true, "ipfs://other", IDataPolicy.PolicyRole.Provider
        );
        vm.prank(orchestrator);
        dp.startJob(withFee, enclaveSigner, QUOTE_REF, OTHER_ATTESTATION_POLICY);
        dp.confirmTrainingComplete(
            withFee,
            2,
            RESULT_ROOT,
            RECEIPTS_HEAD,
            CODE_HASH,
            _sign(enclaveKey, _manifestDigest(withFee, OPEN_ROOT, 2))
        );

        // Job 4: the enclave reports a failure. Job 5: reclaimed after its deadline while Running.
        uint256 reported = _requestAtNewPrice(1);
        _start(reported);
        dp.reportJobFailure(reported, "OOM", _signFailure(enclaveKey, reported, "OOM"));
        uint256 reclaimed = _requestAtNewPrice(2);
        _start(reclaimed);
        vm.warp(uint256(dp.getJob(reclaimed).deadline) + 1);
        vm.prank(stranger);
        dp.reclaim(reclaimed);

        // Jobs 6 and 7 stay open: one Granted, one Running (at the moved provider's new price).
        vm.prank(secondResearcher);
        dp.requestAccess{value: _escrowAt(0.4 ether, 2)}(ROOT, RESEARCH, 2, providerId, RESULT_KEY);
        vm.prank(researcher);
        _start(
            dp.requestAccess{value: _escrowAt(0.4 ether, 1)}(
                ROOT,
                2,
                1,
                providerId,
                hex"030000000000000000000000000000000000000000000000000000000000000001"
            )
        );

        // Some withdraw, some do not; the provider is deactivated; admin changes hands in two steps.
        vm.prank(datasetOwner);
        dp.withdraw();
        vm.prank(researcher);
        dp.withdraw();
        vm.prank(secondOperator);
        dp.setProviderActive(secondProvider, false);
        // The squatter who holds DIRECT_ROOT replaces its manifest (a new version with the same terms).
        vm.prank(squatter);
        dp.updateManifest(DIRECT_ROOT, DIRECT_MANIFEST_2);

        // Release keys under an orchestrator policy: one retired, one revoked after retirement, one active.
        vm.startPrank(admin);
        dp.setAttestationPolicy(
            ORCHESTRATOR_POLICY, true, "ipfs://orchestrator", IDataPolicy.PolicyRole.Orchestrator
        );
        dp.registerReleaseKey(RELEASE_KEY_1, keccak256("licen/test/replay/evidence-1"), ORCHESTRATOR_POLICY);
        dp.registerReleaseKey(RELEASE_KEY_2, keccak256("licen/test/replay/evidence-2"), ORCHESTRATOR_POLICY);
        dp.registerReleaseKey(RELEASE_KEY_3, keccak256("licen/test/replay/evidence-3"), ORCHESTRATOR_POLICY);
        dp.retireReleaseKey(1);
        dp.retireReleaseKey(2);
        dp.revokeReleaseKey(2);
        vm.stopPrank();

        vm.startPrank(admin);
        dp.setAttestationPolicy(ATTESTATION_POLICY, false, "", IDataPolicy.PolicyRole.Provider);
        dp.setOrchestrator(stranger, true);
        dp.setOrchestrator(stranger, false);
        dp.transferOwnership(stranger);
        vm.stopPrank();
        vm.prank(stranger);
        dp.acceptOwnership();
        vm.prank(stranger);
        dp.transferOwnership(admin);
    }

    function _assertDatasets(EventIndexer indexer) internal view {
        assertEq(indexer.commitmentCount(), 2);
        assertEq(dp.commitmentBlock(indexer.commitments(0)), 1);
        assertEq(indexer.commitments(0), keccak256(abi.encode(datasetOwner, COPIED_ROOT)));
        assertEq(indexer.rootCount(), 4);
        for (uint256 i; i < indexer.rootCount(); ++i) {
            bytes32 root = indexer.roots(i);
            EventIndexer.DatasetRow memory row = indexer.dataset(root);
            IDataPolicy.Dataset memory dataset = dp.getDataset(root);
            assertEq(row.owner, dataset.owner, "dataset owner");
            assertEq(row.active, dataset.active, "dataset active");
            assertEq(row.policyVersion, dataset.policyVersion, "dataset policyVersion");
            assertEq(row.manifestHash, dataset.manifestHash, "dataset manifestHash");
            for (uint16 version = 1; version <= dataset.policyVersion; ++version) {
                assertEq(
                    abi.encode(indexer.policy(root, version)),
                    abi.encode(dp.getPolicy(root, version)),
                    "policy"
                );
            }
        }
        assertEq(dp.getDataset(OPEN_ROOT).policyVersion, 2);
        assertEq(dp.getDataset(COPIED_ROOT).owner, datasetOwner);
        assertEq(dp.getDataset(COPIED_ROOT).policyVersion, 2);
        assertEq(dp.getDataset(DIRECT_ROOT).owner, squatter);
        // DIRECT_ROOT: v1 the first owner's, v2 the squatter's registration, v3 its updated manifest.
        assertEq(dp.getDataset(DIRECT_ROOT).policyVersion, 3);
        assertEq(indexer.dataset(DIRECT_ROOT).manifestHash, DIRECT_MANIFEST_2);
        assertEq(dp.manifestAt(DIRECT_ROOT, 1), MANIFEST);
        assertEq(dp.manifestAt(DIRECT_ROOT, 2), keccak256("licen/test/replay/direct-manifest"));
        assertEq(dp.manifestAt(DIRECT_ROOT, 3), DIRECT_MANIFEST_2);
    }

    function _assertProviders(EventIndexer indexer) internal view {
        assertEq(uint256(indexer.providerCount()) + 1, dp.nextProviderId());
        for (uint32 id = 1; id <= indexer.providerCount(); ++id) {
            assertEq(abi.encode(indexer.provider(id)), abi.encode(dp.getProvider(id)), "provider");
        }
    }

    function _assertJobs(EventIndexer indexer) internal view {
        assertEq(indexer.jobCount() + 1, dp.nextJobId());
        assertEq(indexer.jobCount(), 8);
        uint256[6] memory seen;
        for (uint256 jobId = 1; jobId <= indexer.jobCount(); ++jobId) {
            IDataPolicy.Job memory job = dp.getJob(jobId);
            assertEq(abi.encode(indexer.job(jobId)), abi.encode(job), "job");
            ++seen[uint8(job.state)];
            assertEq(
                indexer.activeJobs(job.datasetRoot, job.requester),
                dp.activeJobs(job.datasetRoot, job.requester)
            );
        }
        // The script reaches every state.
        assertEq(seen[uint8(IDataPolicy.JobState.Granted)], 1);
        assertEq(seen[uint8(IDataPolicy.JobState.Running)], 1);
        assertEq(seen[uint8(IDataPolicy.JobState.Completed)], 3);
        assertEq(seen[uint8(IDataPolicy.JobState.Failed)], 2);
        assertEq(seen[uint8(IDataPolicy.JobState.Reclaimed)], 1);
    }

    function _assertAccounts(EventIndexer indexer) internal view {
        uint256 total;
        for (uint256 i; i < indexer.accountCount(); ++i) {
            address account = indexer.accounts(i);
            assertEq(indexer.credits(account), dp.credits(account), "credits");
            total += dp.credits(account);
        }
        assertGt(dp.credits(treasury), 0);
        assertEq(dp.credits(datasetOwner), 0);
        // Everything the contract holds is either credited or escrowed by the two open jobs.
        assertEq(address(dp).balance, total + _escrowAt(0.4 ether, 2) + _escrowAt(0.4 ether, 1));
    }

    function _assertAdmin(EventIndexer indexer) internal view {
        assertEq(indexer.owner(), dp.owner());
        assertEq(indexer.pendingOwner(), dp.pendingOwner());
        assertEq(indexer.pendingOwner(), admin);
        (uint16 feeBps, address feeTreasury) = dp.protocolFee();
        assertEq(indexer.feeBps(), feeBps);
        assertEq(indexer.treasury(), feeTreasury);
        assertEq(indexer.policyHashCount(), 3);
        for (uint256 i; i < indexer.policyHashCount(); ++i) {
            bytes32 policyHash = indexer.policyHashes(i);
            assertEq(indexer.allowedPolicies(policyHash), dp.isAttestationPolicyAllowed(policyHash));
            assertEq(uint8(indexer.policyRoles(policyHash)), uint8(dp.attestationPolicyRole(policyHash)));
        }
        assertEq(uint256(indexer.releaseKeyCount()) + 1, dp.nextReleaseKeyId());
        assertEq(indexer.releaseKeyCount(), 3);
        for (uint32 keyId = 1; keyId <= indexer.releaseKeyCount(); ++keyId) {
            IDataPolicy.ReleaseKey memory key = dp.getReleaseKey(keyId);
            key.registeredAt = 0; // the log's block, which Vm.Log does not carry
            assertEq(abi.encode(indexer.releaseKey(keyId)), abi.encode(key), "release key");
        }
        assertEq(uint8(dp.getReleaseKey(1).status), uint8(IDataPolicy.ReleaseKeyStatus.Retired));
        assertEq(uint8(dp.getReleaseKey(2).status), uint8(IDataPolicy.ReleaseKeyStatus.Revoked));
        (uint32 currentId,) = dp.currentReleaseKey();
        assertEq(currentId, 3);
        assertEq(indexer.orchestratorCount(), 2);
        for (uint256 i; i < indexer.orchestratorCount(); ++i) {
            address account = indexer.orchestratorAccounts(i);
            assertEq(indexer.orchestrators(account), dp.isOrchestrator(account));
        }
    }

    function _requestAtNewPrice(uint16 epochs) internal returns (uint256) {
        vm.prank(researcher);
        return
            dp.requestAccess{value: _escrowAt(0.4 ether, epochs)}(
                ROOT, RESEARCH, epochs, providerId, RESULT_KEY
            );
    }

    function _escrowAt(uint96 price, uint16 epochs) internal pure returns (uint256) {
        return (uint256(ROYALTY) + price) * epochs;
    }
}
