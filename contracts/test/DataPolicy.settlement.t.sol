// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IDataPolicy} from "../src/IDataPolicy.sol";
import {DataPolicyFixture} from "./utils/DataPolicyFixture.sol";

/// @notice confirmTrainingComplete, markJobFailed, reportJobFailure, reclaim and withdraw.
contract DataPolicySettlementTest is DataPolicyFixture {
    uint256 internal constant SECP256K1_N =
        0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    /*//////////////////////////////////////////////////////////////
                        confirmTrainingComplete
    //////////////////////////////////////////////////////////////*/

    function test_confirmTrainingComplete_paysPerActualEpochAndRefundsRest() public {
        uint256 jobId = _requestAndStart(4);
        vm.expectEmit(address(dp));
        emit IDataPolicy.JobCompleted(
            jobId, 3, RESULT_ROOT, RECEIPTS_HEAD, CODE_HASH, 3 ether, 0.75 ether, 0, 1.25 ether
        );
        vm.prank(stranger);
        _confirm(jobId, 3);

        IDataPolicy.Job memory job = dp.getJob(jobId);
        assertEq(uint8(job.state), uint8(IDataPolicy.JobState.Completed));
        assertEq(job.actualEpochs, 3);
        assertEq(dp.credits(datasetOwner), 3 ether);
        assertEq(dp.credits(operator), 0.75 ether);
        assertEq(dp.credits(researcher), 1.25 ether);
        assertEq(dp.activeJobs(ROOT, researcher), 0);
        assertEq(address(dp).balance, 5 ether);
    }

    function test_confirmTrainingComplete_allEpochsLeavesNoRefund() public {
        uint256 jobId = _requestAndStart(2);
        _confirm(jobId, 2);
        assertEq(dp.credits(datasetOwner), 2 ether);
        assertEq(dp.credits(operator), 0.5 ether);
        assertEq(dp.credits(researcher), 0);
    }

    function test_confirmTrainingComplete_zeroEpochsRefundsAll() public {
        uint256 jobId = _requestAndStart(2);
        vm.expectEmit(address(dp));
        emit IDataPolicy.JobCompleted(jobId, 0, RESULT_ROOT, RECEIPTS_HEAD, CODE_HASH, 0, 0, 0, 2.5 ether);
        _confirm(jobId, 0);
        assertEq(dp.credits(researcher), 2.5 ether);
        assertEq(dp.credits(datasetOwner), 0);
    }

    function test_confirmTrainingComplete_takesFeeRoundedDown() public {
        vm.prank(admin);
        dp.setProtocolFee(333, treasury);
        IDataPolicy.Policy memory policy = _policy();
        policy.royaltyPerEpoch = 1001;
        bytes32 root = keccak256("licen/test/odd");
        _registerDataset(root, policy);
        vm.prank(operator);
        dp.updateProvider(providerId, ENDPOINT, 77);
        vm.prank(researcher);
        uint256 jobId = dp.requestAccess{value: (1001 + 77) * 5}(root, RESEARCH, 5, providerId, RESULT_KEY);
        _start(jobId);

        // royalty 1001*3 = 3003, fee floor(3003*333/10000) = 99; provider 77*3 = 231, fee floor(231*333/10000) = 7.
        vm.expectEmit(address(dp));
        emit IDataPolicy.JobCompleted(jobId, 3, RESULT_ROOT, RECEIPTS_HEAD, CODE_HASH, 2904, 224, 106, 2156);
        dp.confirmTrainingComplete(
            jobId,
            3,
            RESULT_ROOT,
            RECEIPTS_HEAD,
            CODE_HASH,
            _sign(enclaveKey, _manifestDigest(jobId, root, 3))
        );
        assertEq(dp.credits(treasury), 106);
        assertEq(dp.credits(datasetOwner), 2904);
        assertEq(dp.credits(operator), 224);
        assertEq(dp.credits(researcher), 2156);
    }

    function test_RevertIf_confirmTrainingComplete_unknownJob() public {
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__UnknownJob.selector, 5));
        _confirm(5, 1);
    }

    function test_RevertIf_confirmTrainingComplete_notStarted() public {
        uint256 jobId = _request(2);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__InvalidJobState.selector, jobId, IDataPolicy.JobState.Granted
            )
        );
        _confirm(jobId, 1);
    }

    function test_RevertIf_confirmTrainingComplete_twice() public {
        uint256 jobId = _requestAndStart(2);
        _confirm(jobId, 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__InvalidJobState.selector, jobId, IDataPolicy.JobState.Completed
            )
        );
        _confirm(jobId, 1);
    }

    function test_RevertIf_confirmTrainingComplete_deadlinePassed() public {
        uint256 jobId = _requestAndStart(2);
        uint40 deadline = dp.getJob(jobId).deadline;
        vm.warp(deadline);
        bytes memory signature = _signManifest(enclaveKey, jobId, 1);
        vm.warp(uint256(deadline) + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__DeadlinePassed.selector, jobId, deadline)
        );
        dp.confirmTrainingComplete(jobId, 1, RESULT_ROOT, RECEIPTS_HEAD, CODE_HASH, signature);
    }

    function test_confirmTrainingComplete_atDeadline() public {
        uint256 jobId = _requestAndStart(2);
        vm.warp(dp.getJob(jobId).deadline);
        _confirm(jobId, 2);
        assertEq(uint8(dp.getJob(jobId).state), uint8(IDataPolicy.JobState.Completed));
    }

    function test_RevertIf_confirmTrainingComplete_moreEpochsThanPaid() public {
        uint256 jobId = _requestAndStart(2);
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__TooManyEpochs.selector, 3, 2));
        _confirm(jobId, 3);
    }

    function test_RevertIf_confirmTrainingComplete_wrongSigner() public {
        uint256 jobId = _requestAndStart(2);
        (address other, uint256 otherKey) = makeAddrAndKey("other-enclave");
        vm.expectRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__InvalidSignature.selector, other, enclaveSigner)
        );
        dp.confirmTrainingComplete(
            jobId, 1, RESULT_ROOT, RECEIPTS_HEAD, CODE_HASH, _signManifest(otherKey, jobId, 1)
        );
    }

    function test_RevertIf_confirmTrainingComplete_tamperedManifest() public {
        uint256 jobId = _requestAndStart(2);
        bytes memory signature = _signManifest(enclaveKey, jobId, 1);
        // Each field the contract does not take from its own storage is covered by the signature.
        _expectBadSignature(jobId, 2, RESULT_ROOT, RECEIPTS_HEAD, CODE_HASH, signature);
        _expectBadSignature(jobId, 1, bytes32(uint256(RESULT_ROOT) ^ 1), RECEIPTS_HEAD, CODE_HASH, signature);
        _expectBadSignature(jobId, 1, RESULT_ROOT, bytes32(0), CODE_HASH, signature);
        _expectBadSignature(jobId, 1, RESULT_ROOT, RECEIPTS_HEAD, bytes32(uint256(CODE_HASH) + 1), signature);
    }

    function test_RevertIf_confirmTrainingComplete_manifestForAnotherJob() public {
        uint256 first = _requestAndStart(1);
        uint256 second = _requestAndStart(1);
        bytes memory signature = _signManifest(enclaveKey, first, 1);
        _expectBadSignature(second, 1, RESULT_ROOT, RECEIPTS_HEAD, CODE_HASH, signature);
    }

    function test_RevertIf_confirmTrainingComplete_shortSignature() public {
        uint256 jobId = _requestAndStart(1);
        bytes memory signature = _signManifest(enclaveKey, jobId, 1);
        assembly ("memory-safe") {
            mstore(signature, 64)
        }
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__InvalidSignature.selector, address(0), enclaveSigner
            )
        );
        dp.confirmTrainingComplete(jobId, 1, RESULT_ROOT, RECEIPTS_HEAD, CODE_HASH, signature);
    }

    function test_RevertIf_confirmTrainingComplete_malleableSignature() public {
        uint256 jobId = _requestAndStart(1);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(enclaveKey, _manifestDigest(jobId, ROOT, 1));
        // (r, n - s, v ^ 1) recovers the same key; OpenZeppelin rejects the high-s form.
        bytes memory flipped =
            abi.encodePacked(r, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        assertEq(
            ecrecover(
                _manifestDigest(jobId, ROOT, 1), v == 27 ? 28 : 27, r, bytes32(SECP256K1_N - uint256(s))
            ),
            enclaveSigner
        );
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__InvalidSignature.selector, address(0), enclaveSigner
            )
        );
        dp.confirmTrainingComplete(jobId, 1, RESULT_ROOT, RECEIPTS_HEAD, CODE_HASH, flipped);
    }

    /*//////////////////////////////////////////////////////////////
                             markJobFailed
    //////////////////////////////////////////////////////////////*/

    function test_markJobFailed_refundsGrantedJob() public {
        uint256 jobId = _request(3);
        vm.expectEmit(address(dp));
        emit IDataPolicy.JobFailed(jobId, REASON, false, 3.75 ether);
        vm.prank(orchestrator);
        dp.markJobFailed(jobId, REASON);
        assertEq(uint8(dp.getJob(jobId).state), uint8(IDataPolicy.JobState.Failed));
        assertEq(dp.credits(researcher), 3.75 ether);
        assertEq(dp.activeJobs(ROOT, researcher), 0);
    }

    function test_markJobFailed_refundsRunningJob() public {
        uint256 jobId = _requestAndStart(1);
        vm.expectEmit(address(dp));
        emit IDataPolicy.JobFailed(jobId, "TRAINING_CRASHED", false, 1.25 ether);
        vm.prank(orchestrator);
        dp.markJobFailed(jobId, "TRAINING_CRASHED");
        assertEq(dp.credits(researcher), 1.25 ether);
        assertEq(dp.credits(datasetOwner), 0);
        assertEq(dp.credits(operator), 0);
    }

    function test_RevertIf_markJobFailed_notOrchestrator() public {
        uint256 jobId = _request(1);
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__NotOrchestrator.selector, researcher));
        vm.prank(researcher);
        dp.markJobFailed(jobId, REASON);
    }

    function test_RevertIf_markJobFailed_unknownJob() public {
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__UnknownJob.selector, 9));
        vm.prank(orchestrator);
        dp.markJobFailed(9, REASON);
    }

    function test_RevertIf_markJobFailed_completed() public {
        uint256 jobId = _requestAndStart(1);
        _confirm(jobId, 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__InvalidJobState.selector, jobId, IDataPolicy.JobState.Completed
            )
        );
        vm.prank(orchestrator);
        dp.markJobFailed(jobId, REASON);
    }

    function test_RevertIf_markJobFailed_zeroReason() public {
        uint256 jobId = _request(1);
        vm.expectRevert(_err(IDataPolicy.DataPolicy__ZeroReason.selector));
        vm.prank(orchestrator);
        dp.markJobFailed(jobId, bytes32(0));
    }

    /*//////////////////////////////////////////////////////////////
                            reportJobFailure
    //////////////////////////////////////////////////////////////*/

    function test_reportJobFailure_refundsOnEnclaveSignature() public {
        uint256 jobId = _requestAndStart(2);
        bytes32 reason = "DATASET_ROOT_MISMATCH";
        vm.expectEmit(address(dp));
        emit IDataPolicy.JobFailed(jobId, reason, true, 2.5 ether);
        vm.prank(stranger);
        dp.reportJobFailure(jobId, reason, _signFailure(enclaveKey, jobId, reason));
        assertEq(uint8(dp.getJob(jobId).state), uint8(IDataPolicy.JobState.Failed));
        assertEq(dp.credits(researcher), 2.5 ether);
        assertEq(dp.activeJobs(ROOT, researcher), 0);
    }

    function test_RevertIf_reportJobFailure_notStarted() public {
        uint256 jobId = _request(1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__InvalidJobState.selector, jobId, IDataPolicy.JobState.Granted
            )
        );
        dp.reportJobFailure(jobId, REASON, _signFailure(enclaveKey, jobId, REASON));
    }

    function test_RevertIf_reportJobFailure_unknownJob() public {
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__UnknownJob.selector, 4));
        dp.reportJobFailure(4, REASON, _signFailure(enclaveKey, 4, REASON));
    }

    function test_RevertIf_reportJobFailure_wrongSigner() public {
        uint256 jobId = _requestAndStart(1);
        (address other, uint256 otherKey) = makeAddrAndKey("other-enclave");
        vm.expectRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__InvalidSignature.selector, other, enclaveSigner)
        );
        dp.reportJobFailure(jobId, REASON, _signFailure(otherKey, jobId, REASON));
    }

    function test_RevertIf_reportJobFailure_otherReasonThanSigned() public {
        uint256 jobId = _requestAndStart(1);
        bytes memory signature = _signFailure(enclaveKey, jobId, REASON);
        address recovered = ECDSA.recover(_failureDigest(jobId, "OTHER"), signature);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__InvalidSignature.selector, recovered, enclaveSigner
            )
        );
        dp.reportJobFailure(jobId, "OTHER", signature);
    }

    function test_RevertIf_reportJobFailure_zeroReason() public {
        uint256 jobId = _requestAndStart(1);
        vm.expectRevert(_err(IDataPolicy.DataPolicy__ZeroReason.selector));
        dp.reportJobFailure(jobId, bytes32(0), _signFailure(enclaveKey, jobId, bytes32(0)));
    }

    /*//////////////////////////////////////////////////////////////
                                reclaim
    //////////////////////////////////////////////////////////////*/

    function test_reclaim_refundsGrantedJobAfterDeadline() public {
        uint256 jobId = _request(2);
        vm.warp(uint256(dp.getJob(jobId).deadline) + 1);
        vm.expectEmit(address(dp));
        emit IDataPolicy.JobReclaimed(jobId, stranger, 2.5 ether);
        vm.prank(stranger);
        dp.reclaim(jobId);
        assertEq(uint8(dp.getJob(jobId).state), uint8(IDataPolicy.JobState.Reclaimed));
        assertEq(dp.credits(researcher), 2.5 ether);
        assertEq(dp.credits(stranger), 0);
        assertEq(dp.activeJobs(ROOT, researcher), 0);
    }

    function test_reclaim_refundsRunningJobAfterDeadline() public {
        uint256 jobId = _requestAndStart(1);
        vm.warp(uint256(dp.getJob(jobId).deadline) + 1);
        vm.expectEmit(address(dp));
        emit IDataPolicy.JobReclaimed(jobId, researcher, 1.25 ether);
        vm.prank(researcher);
        dp.reclaim(jobId);
        assertEq(dp.credits(researcher), 1.25 ether);
    }

    function test_RevertIf_reclaim_atDeadline() public {
        uint256 jobId = _request(1);
        uint40 deadline = dp.getJob(jobId).deadline;
        vm.warp(deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__DeadlineNotReached.selector, jobId, deadline)
        );
        dp.reclaim(jobId);
    }

    function test_RevertIf_reclaim_unknownJob() public {
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__UnknownJob.selector, 3));
        dp.reclaim(3);
    }

    function test_RevertIf_reclaim_alreadyReclaimed() public {
        uint256 jobId = _request(1);
        vm.warp(uint256(dp.getJob(jobId).deadline) + 1);
        dp.reclaim(jobId);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__InvalidJobState.selector, jobId, IDataPolicy.JobState.Reclaimed
            )
        );
        dp.reclaim(jobId);
    }

    function test_RevertIf_reclaim_completed() public {
        uint256 jobId = _requestAndStart(1);
        _confirm(jobId, 1);
        vm.warp(uint256(dp.getJob(jobId).deadline) + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__InvalidJobState.selector, jobId, IDataPolicy.JobState.Completed
            )
        );
        dp.reclaim(jobId);
    }

    /*//////////////////////////////////////////////////////////////
                                withdraw
    //////////////////////////////////////////////////////////////*/

    function test_withdraw_sendsWholeCredit() public {
        _confirm(_requestAndStart(4), 3);
        uint256 before = datasetOwner.balance;
        vm.expectEmit(address(dp));
        emit IDataPolicy.Withdrawn(datasetOwner, 3 ether);
        vm.prank(datasetOwner);
        dp.withdraw();
        assertEq(datasetOwner.balance, before + 3 ether);
        assertEq(dp.credits(datasetOwner), 0);
        assertEq(address(dp).balance, 0.75 ether + 1.25 ether);
    }

    function test_RevertIf_withdraw_nothingCredited() public {
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__NothingToWithdraw.selector, stranger));
        vm.prank(stranger);
        dp.withdraw();
    }

    function test_RevertIf_withdraw_recipientRejects() public {
        Rejecter rejecter = new Rejecter();
        vm.deal(address(rejecter), 10 ether);
        vm.prank(address(rejecter));
        uint256 jobId = dp.requestAccess{value: _escrow(1)}(ROOT, RESEARCH, 1, providerId, RESULT_KEY);
        vm.prank(orchestrator);
        dp.markJobFailed(jobId, REASON);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__TransferFailed.selector, address(rejecter), _escrow(1)
            )
        );
        vm.prank(address(rejecter));
        dp.withdraw();
        assertEq(dp.credits(address(rejecter)), _escrow(1));
    }

    function test_withdraw_blocksReentrancy() public {
        Reentrant attacker = new Reentrant(dp);
        vm.deal(address(attacker), 10 ether);
        vm.prank(address(attacker));
        uint256 jobId = dp.requestAccess{value: _escrow(2)}(ROOT, RESEARCH, 2, providerId, RESULT_KEY);
        vm.prank(orchestrator);
        dp.markJobFailed(jobId, REASON);
        _requestAndStart(1); // other money in the contract the attacker would like to drain

        vm.prank(address(attacker));
        dp.withdraw();
        assertEq(
            attacker.reentryError(),
            abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector)
        );
        assertEq(address(attacker).balance, 10 ether);
        assertEq(address(dp).balance, _escrow(1));
        assertEq(dp.credits(address(attacker)), 0);
    }

    function _expectBadSignature(
        uint256 jobId,
        uint16 actualEpochs,
        bytes32 resultRoot,
        bytes32 receiptsHead,
        bytes32 codeHash,
        bytes memory signature
    ) internal {
        bytes32 digest = _digest(
            keccak256(
                abi.encode(
                    MANIFEST_TYPEHASH,
                    jobId,
                    ROOT,
                    resultRoot,
                    codeHash,
                    QUOTE_REF,
                    actualEpochs,
                    receiptsHead
                )
            )
        );
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__InvalidSignature.selector,
                ECDSA.recover(digest, signature),
                enclaveSigner
            )
        );
        dp.confirmTrainingComplete(jobId, actualEpochs, resultRoot, receiptsHead, codeHash, signature);
    }
}

/// @dev Holds a refund it can never receive.
contract Rejecter {
    receive() external payable {
        revert("no thanks");
    }

    fallback() external payable {
        revert("no thanks");
    }
}

/// @dev Re-enters `withdraw` from its receive hook and records how the inner call failed.
contract Reentrant {
    IDataPolicy internal immutable target;
    bytes public reentryError;
    bool internal entered;

    constructor(IDataPolicy target_) {
        target = target_;
    }

    receive() external payable {
        if (entered) return;
        entered = true;
        try target.withdraw() {}
        catch (bytes memory error) {
            reentryError = error;
        }
    }
}
