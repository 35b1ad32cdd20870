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

    function _assertTransaction(uint256 gasUsed, uint256 target) internal pure {
        // Below the intrinsic cost means the call was not measured as its own transaction.
        assertGt(gasUsed, 21_000, "not isolated");
        assertLe(gasUsed, target, "over target");
    }
}
