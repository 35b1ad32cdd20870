// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vm} from "forge-std/Vm.sol";
import {IDataPolicy} from "../src/IDataPolicy.sol";
import {DataPolicyFixture} from "./utils/DataPolicyFixture.sol";

/// @notice Properties of the money math over the whole input range: exact escrow, exact split, fee rounding.
contract DataPolicyFuzzTest is DataPolicyFixture {
    bytes32 internal constant FUZZ_ROOT = keccak256("licen/test/fuzz");

    struct Terms {
        uint96 royalty;
        uint96 price;
        uint16 epochs;
        uint16 actualEpochs;
        uint16 feeBps;
    }

    function testFuzz_requestAccess_acceptsExactlyTheEscrow(
        uint96 royalty,
        uint96 price,
        uint16 epochs,
        uint256 paid
    ) public {
        epochs = uint16(bound(epochs, 1, type(uint16).max));
        uint32 fuzzProvider = _setUpTerms(royalty, price, epochs);
        uint256 escrow = (uint256(royalty) + price) * epochs;
        paid = bound(paid, 0, escrow + 1);
        vm.deal(researcher, escrow + 1);
        if (paid != escrow) {
            vm.expectRevert(
                abi.encodeWithSelector(IDataPolicy.DataPolicy__WrongPayment.selector, escrow, paid)
            );
        }
        vm.prank(researcher);
        dp.requestAccess{value: paid}(FUZZ_ROOT, RESEARCH, epochs, fuzzProvider, RESULT_KEY);
        assertEq(address(dp).balance, paid == escrow ? escrow : 0);
    }

    function testFuzz_confirmTrainingComplete_splitsEscrowExactly(Terms memory terms) public {
        terms.epochs = uint16(bound(terms.epochs, 1, type(uint16).max));
        terms.actualEpochs = uint16(bound(terms.actualEpochs, 0, terms.epochs));
        terms.feeBps = uint16(bound(terms.feeBps, 0, 1000));
        uint256 jobId = _openRunningJob(terms);

        vm.recordLogs();
        dp.confirmTrainingComplete(
            jobId,
            terms.actualEpochs,
            RESULT_ROOT,
            RECEIPTS_HEAD,
            CODE_HASH,
            _sign(enclaveKey, _manifestDigest(jobId, FUZZ_ROOT, terms.actualEpochs))
        );

        uint256 royaltyTotal = uint256(terms.royalty) * terms.actualEpochs;
        uint256 providerTotal = uint256(terms.price) * terms.actualEpochs;
        uint256 ownerFee = royaltyTotal * terms.feeBps / 10_000;
        uint256 providerFee = providerTotal * terms.feeBps / 10_000;
        uint256 escrow = (uint256(terms.royalty) + terms.price) * terms.epochs;
        uint256 refund = escrow - royaltyTotal - providerTotal;

        assertEq(dp.credits(datasetOwner), royaltyTotal - ownerFee, "owner");
        assertEq(dp.credits(stranger), providerTotal - providerFee, "provider");
        assertEq(dp.credits(treasury), ownerFee + providerFee, "fee");
        assertEq(dp.credits(researcher), refund, "refund");
        assertEq(
            dp.credits(datasetOwner) + dp.credits(stranger) + dp.credits(treasury) + dp.credits(researcher),
            escrow,
            "sum"
        );
        // The fee never exceeds feeBps of the payout and rounds down by less than one wei per payee.
        assertLe((ownerFee + providerFee) * 10_000, (royaltyTotal + providerTotal) * terms.feeBps);
        assertGt((ownerFee + providerFee + 2) * 10_000, (royaltyTotal + providerTotal) * terms.feeBps);
        assertEq(address(dp).balance, escrow);

        (uint256 ownerAmount, uint256 providerAmount, uint256 feeAmount, uint256 refundAmount) =
            _completedAmounts();
        assertEq(ownerAmount, royaltyTotal - ownerFee);
        assertEq(providerAmount, providerTotal - providerFee);
        assertEq(feeAmount, ownerFee + providerFee);
        assertEq(refundAmount, refund);
    }

    function testFuzz_confirmTrainingComplete_rejectsMoreEpochsThanPaid(uint16 epochs, uint16 actualEpochs)
        public
    {
        epochs = uint16(bound(epochs, 1, type(uint16).max - 1));
        actualEpochs = uint16(bound(actualEpochs, epochs + 1, type(uint16).max));
        uint256 jobId = _openRunningJob(Terms(1 ether, 1 gwei, epochs, 0, 0));
        bytes memory signature = _sign(enclaveKey, _manifestDigest(jobId, FUZZ_ROOT, actualEpochs));
        vm.expectRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__TooManyEpochs.selector, actualEpochs, epochs)
        );
        dp.confirmTrainingComplete(jobId, actualEpochs, RESULT_ROOT, RECEIPTS_HEAD, CODE_HASH, signature);
    }

    function testFuzz_reclaim_refundsWholeEscrow(Terms memory terms, bool started, uint32 lateBy) public {
        terms.epochs = uint16(bound(terms.epochs, 1, type(uint16).max));
        terms.feeBps = uint16(bound(terms.feeBps, 0, 1000));
        uint256 jobId = started ? _openRunningJob(terms) : _openGrantedJob(terms);
        vm.warp(uint256(dp.getJob(jobId).deadline) + bound(lateBy, 1, type(uint32).max));
        dp.reclaim(jobId);
        uint256 escrow = (uint256(terms.royalty) + terms.price) * terms.epochs;
        assertEq(dp.credits(researcher), escrow);
        assertEq(dp.credits(datasetOwner) + dp.credits(stranger) + dp.credits(treasury), 0);
        if (escrow == 0) {
            vm.expectRevert(
                abi.encodeWithSelector(IDataPolicy.DataPolicy__NothingToWithdraw.selector, researcher)
            );
        }
        vm.prank(researcher);
        dp.withdraw();
        assertEq(address(dp).balance, 0);
    }

    function testFuzz_markJobFailed_refundsWholeEscrow(Terms memory terms, bool started, bytes32 reason)
        public
    {
        reason = bytes32(bound(uint256(reason), 1, type(uint256).max));
        terms.epochs = uint16(bound(terms.epochs, 1, type(uint16).max));
        terms.feeBps = uint16(bound(terms.feeBps, 0, 1000));
        uint256 jobId = started ? _openRunningJob(terms) : _openGrantedJob(terms);
        vm.prank(orchestrator);
        dp.markJobFailed(jobId, reason);
        assertEq(dp.credits(researcher), (uint256(terms.royalty) + terms.price) * terms.epochs);
    }

    /// @dev Registers FUZZ_ROOT (royalty `royalty`, cap `epochs`) and a provider run by `stranger` at `price`.
    function _setUpTerms(uint96 royalty, uint96 price, uint16 epochs) internal returns (uint32) {
        IDataPolicy.Policy memory policy = _policy();
        policy.royaltyPerEpoch = royalty;
        policy.maxEpochsPerJob = epochs;
        _registerDataset(FUZZ_ROOT, policy);
        return _registerProvider(stranger, price);
    }

    function _openGrantedJob(Terms memory terms) internal returns (uint256 jobId) {
        uint32 fuzzProvider = _setUpTerms(terms.royalty, terms.price, terms.epochs);
        if (terms.feeBps != 0) {
            vm.prank(admin);
            dp.setProtocolFee(terms.feeBps, treasury);
        }
        uint256 escrow = (uint256(terms.royalty) + terms.price) * terms.epochs;
        vm.deal(researcher, escrow);
        vm.prank(researcher);
        jobId = dp.requestAccess{value: escrow}(FUZZ_ROOT, RESEARCH, terms.epochs, fuzzProvider, RESULT_KEY);
    }

    function _openRunningJob(Terms memory terms) internal returns (uint256 jobId) {
        jobId = _openGrantedJob(terms);
        _start(jobId);
    }

    function _completedAmounts()
        internal
        returns (uint256 ownerAmount, uint256 providerAmount, uint256 feeAmount, uint256 refund)
    {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 1);
        assertEq(logs[0].topics[0], IDataPolicy.JobCompleted.selector);
        (,,,, ownerAmount, providerAmount, feeAmount, refund) =
            abi.decode(logs[0].data, (uint16, bytes32, bytes32, bytes32, uint256, uint256, uint256, uint256));
    }
}
