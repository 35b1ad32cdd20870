// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IDataPolicy} from "../src/IDataPolicy.sol";
import {DataPolicyFixture} from "./utils/DataPolicyFixture.sol";

/// @notice Gas of the four hot paths as real transactions (isolated: 21k base, calldata and cold access included),
///         each on its worst common case. The numbers go to snapshots/DataPolicyGasTest.json and .gas-snapshot.
/// forge-config: default.isolate = true
/// forge-config: ci.isolate = true
contract DataPolicyGasTest is DataPolicyFixture {
    uint256 internal constant REGISTER_TARGET = 150_000;
    uint256 internal constant REQUEST_TARGET = 150_000;
    uint256 internal constant START_TARGET = 80_000;
    uint256 internal constant CONFIRM_TARGET = 120_000;
    uint256 internal constant REGISTER_KEY_TARGET = 150_000;
    uint256 internal constant KEY_STATUS_TARGET = 40_000;
    uint256 internal constant UPDATE_MANIFEST_TARGET = 120_000;

    /// @dev A new dataset whose policy requires an attestation policy (the extra slot a zero requirement saves).
    function test_registerDataset_gas() public {
        vm.prank(stranger);
        dp.registerDataset(keccak256("licen/test/gas"), MANIFEST, _policy());
        _assertTransaction(vm.snapshotGasLastCall("registerDataset"), REGISTER_TARGET);
    }

    /// @dev A requester's first job on the dataset (its open-job counter slot is fresh).
    function test_requestAccess_gas() public {
        vm.prank(researcher);
        dp.requestAccess{value: _escrow(4)}(ROOT, RESEARCH, 4, providerId, RESULT_KEY);
        _assertTransaction(vm.snapshotGasLastCall("requestAccess"), REQUEST_TARGET);
    }

    function test_startJob_gas() public {
        uint256 jobId = _request(4);
        vm.prank(orchestrator);
        dp.startJob(jobId, enclaveSigner, QUOTE_REF, ATTESTATION_POLICY);
        _assertTransaction(vm.snapshotGasLastCall("startJob"), START_TARGET);
    }

    /// @dev Three first-time credited accounts (owner, provider, requester refund), submitted by a fourth.
    function test_confirmTrainingComplete_gas() public {
        uint256 jobId = _requestAndStart(4);
        assertEq(dp.credits(datasetOwner) + dp.credits(operator) + dp.credits(researcher), 0);
        bytes memory signature = _signManifest(enclaveKey, jobId, 3);
        vm.prank(stranger);
        dp.confirmTrainingComplete(jobId, 3, RESULT_ROOT, RECEIPTS_HEAD, CODE_HASH, signature);
        _assertTransaction(vm.snapshotGasLastCall("confirmTrainingComplete"), CONFIRM_TARGET);
        assertEq(uint8(dp.getJob(jobId).state), uint8(IDataPolicy.JobState.Completed));
        assertGt(dp.credits(researcher), 0);
    }

    /// @dev The admin's first release key (every slot fresh), under an orchestrator-role policy.
    function test_registerReleaseKey_gas() public {
        bytes32 policyHash = keccak256("licen/test/gas/orchestrator-policy");
        vm.prank(admin);
        dp.setAttestationPolicy(policyHash, true, "ipfs://orchestrator", IDataPolicy.PolicyRole.Orchestrator);
        bytes memory publicKey = hex"02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5";
        vm.prank(admin);
        dp.registerReleaseKey(publicKey, keccak256("licen/test/gas/evidence"), policyHash);
        _assertTransaction(vm.snapshotGasLastCall("registerReleaseKey"), REGISTER_KEY_TARGET);
        vm.prank(admin);
        dp.retireReleaseKey(1);
        _assertTransaction(vm.snapshotGasLastCall("retireReleaseKey"), KEY_STATUS_TARGET);
        vm.prank(admin);
        dp.revokeReleaseKey(1);
        _assertTransaction(vm.snapshotGasLastCall("revokeReleaseKey"), KEY_STATUS_TARGET);
    }

    /// @dev A dataset's first manifest update (a new policy version with its attestation slot, a fresh history slot).
    function test_updateManifest_gas() public {
        vm.prank(datasetOwner);
        dp.updateManifest(ROOT, keccak256("licen/test/gas/manifest-2"));
        _assertTransaction(vm.snapshotGasLastCall("updateManifest"), UPDATE_MANIFEST_TARGET);
    }

    function _assertTransaction(uint256 gasUsed, uint256 target) internal pure {
        // Below the intrinsic cost means the call was not measured as its own transaction.
        assertGt(gasUsed, 21_000, "not isolated");
        assertLe(gasUsed, target, "over target");
    }
}
