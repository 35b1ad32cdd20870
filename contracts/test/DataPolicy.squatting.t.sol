// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IDataPolicy} from "../src/IDataPolicy.sol";
import {DataPolicyFixture} from "./utils/DataPolicyFixture.sol";

/// @notice Front-running `registerDataset` (#17 item 3): a squatter copies the root and manifest of a pending
///         registration and registers first. The owner, who committed before the root was public, takes the
///         dataset back; jobs granted on the squatter's terms never start and are refunded in full.
contract DataPolicySquattingTest is DataPolicyFixture {
    bytes32 internal constant COPIED_ROOT = keccak256("licen/test/dataset-root/copied");
    bytes32 internal constant OWNER_MANIFEST = keccak256("licen/test/manifest/owner");
    bytes32 internal constant COPIED_MANIFEST = keccak256("licen/test/manifest/copied");
    bytes32 internal constant FAILED_REASON = "DATASET_OWNER_REPLACED";
    address internal squatter = makeAddr("squatter");

    /*//////////////////////////////////////////////////////////////
                              commitDataset
    //////////////////////////////////////////////////////////////*/

    function test_commitDataset_recordsTheFirstBlock() public {
        bytes32 commitment = _commitment(datasetOwner, COPIED_ROOT);
        vm.roll(7);
        vm.expectEmit(address(dp));
        emit IDataPolicy.DatasetCommitted(commitment);
        vm.prank(datasetOwner);
        dp.commitDataset(commitment);
        assertEq(dp.commitmentBlock(commitment), 7);

        // A later identical commit (anyone's) neither moves the block nor emits.
        vm.roll(9);
        vm.recordLogs();
        vm.prank(squatter);
        dp.commitDataset(commitment);
        assertEq(vm.getRecordedLogs().length, 0);
        assertEq(dp.commitmentBlock(commitment), 7);
        assertEq(dp.commitmentBlock(_commitment(squatter, COPIED_ROOT)), 0);
    }

    function test_RevertIf_commitDataset_zeroCommitment() public {
        vm.expectRevert(_err(IDataPolicy.DataPolicy__ZeroHash.selector));
        dp.commitDataset(bytes32(0));
    }

    /*//////////////////////////////////////////////////////////////
                     registerDataset: the regression
    //////////////////////////////////////////////////////////////*/

    /// @dev Before the fix the owner's registration reverted `DataPolicy__DatasetExists` and the owner had to
    ///      re-encrypt and re-upload.
    function test_registerDataset_ownerWithEarlierCommitmentDisplacesSquatter() public {
        IDataPolicy.Policy memory copied = _squatterPolicy();
        uint256 squattersJob = _squatAndGrant(copied);
        vm.roll(block.number + 1);

        IDataPolicy.Policy memory policy = _policy();
        vm.expectEmit(address(dp));
        emit IDataPolicy.DatasetOwnerReplaced(COPIED_ROOT, squatter, datasetOwner, OWNER_MANIFEST, 2, policy);
        vm.prank(datasetOwner);
        dp.registerDataset(COPIED_ROOT, OWNER_MANIFEST, policy);

        IDataPolicy.Dataset memory dataset = dp.getDataset(COPIED_ROOT);
        assertEq(dataset.owner, datasetOwner);
        assertTrue(dataset.active);
        assertEq(dataset.policyVersion, 2);
        assertEq(dataset.manifestHash, OWNER_MANIFEST);
        // The squatter's version stays: its job keeps the terms it was granted on.
        assertEq(abi.encode(dp.getPolicy(COPIED_ROOT, 1)), abi.encode(copied));
        assertEq(abi.encode(dp.getPolicy(COPIED_ROOT, 2)), abi.encode(policy));
        assertEq(dp.getJob(squattersJob).policyVersion, 1);

        // The squatter lost every owner right.
        vm.expectRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__NotDatasetOwner.selector, COPIED_ROOT, squatter)
        );
        vm.prank(squatter);
        dp.updatePolicy(COPIED_ROOT, copied);
    }

    function test_RevertIf_startJob_grantedUnderFormerOwner() public {
        uint256 squattersJob = _squatAndGrant(_squatterPolicy());
        vm.roll(block.number + 1);
        vm.prank(datasetOwner);
        dp.registerDataset(COPIED_ROOT, OWNER_MANIFEST, _policy());

        assertFalse(dp.grantedUnderCurrentOwner(squattersJob));
        assertTrue(dp.grantedUnderCurrentOwner(_request(1)));
        assertTrue(dp.grantedUnderCurrentOwner(999));
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__GrantedUnderFormerOwner.selector, squattersJob, COPIED_ROOT
            )
        );
        vm.prank(orchestrator);
        dp.startJob(squattersJob, enclaveSigner, QUOTE_REF, ATTESTATION_POLICY);
    }

    /// @dev The orchestrator fails the squatter's job: the requester gets its escrow back to the wei, nobody else is
    ///      paid, and jobs on the owner's terms run and settle to the owner.
    function test_markJobFailed_refundsJobGrantedUnderFormerOwner() public {
        uint256 squattersJob = _squatAndGrant(_squatterPolicy());
        uint256 escrow = uint256(PRICE) * 3;
        assertEq(address(dp).balance, escrow);
        vm.roll(block.number + 1);
        vm.prank(datasetOwner);
        dp.registerDataset(COPIED_ROOT, OWNER_MANIFEST, _policy());

        vm.expectEmit(address(dp));
        emit IDataPolicy.JobFailed(squattersJob, FAILED_REASON, false, escrow);
        vm.prank(orchestrator);
        dp.markJobFailed(squattersJob, FAILED_REASON);
        assertEq(dp.credits(researcher), escrow);
        assertEq(dp.credits(squatter), 0);
        assertEq(dp.credits(datasetOwner), 0);
        assertEq(dp.activeJobs(COPIED_ROOT, researcher), 0);

        vm.prank(researcher);
        uint256 ownersJob =
            dp.requestAccess{value: _escrow(2)}(COPIED_ROOT, RESEARCH, 2, providerId, RESULT_KEY);
        assertEq(dp.getJob(ownersJob).policyVersion, 2);
        assertEq(dp.getJob(ownersJob).royaltyPerEpoch, ROYALTY);
        _start(ownersJob);
        dp.confirmTrainingComplete(
            ownersJob,
            2,
            RESULT_ROOT,
            RECEIPTS_HEAD,
            CODE_HASH,
            _sign(enclaveKey, _manifestDigest(ownersJob, COPIED_ROOT, 2))
        );
        assertEq(dp.credits(datasetOwner), uint256(ROYALTY) * 2);
        assertEq(dp.credits(operator), uint256(PRICE) * 2);
        assertEq(dp.credits(researcher), escrow);
        assertEq(dp.credits(squatter), 0);
        assertEq(address(dp).balance, escrow + _escrow(2));
    }

    function test_registerDataset_relistsADelistedCopy() public {
        _squatAndGrant(_squatterPolicy());
        vm.prank(squatter);
        dp.setDatasetActive(COPIED_ROOT, false);
        vm.roll(block.number + 1);
        vm.prank(datasetOwner);
        dp.registerDataset(COPIED_ROOT, OWNER_MANIFEST, _policy());
        assertTrue(dp.getDataset(COPIED_ROOT).active);
    }

    /// @dev A holder who registered without committing has its registration block as its claim: anyone who
    ///      committed before it (and so knew the root first) takes over.
    function test_registerDataset_earlierCommitmentDisplacesUncommittedHolder() public {
        vm.prank(datasetOwner);
        dp.commitDataset(_commitment(datasetOwner, COPIED_ROOT));
        vm.roll(block.number + 1);
        vm.prank(squatter);
        dp.registerDataset(COPIED_ROOT, COPIED_MANIFEST, _squatterPolicy());
        vm.prank(datasetOwner);
        dp.registerDataset(COPIED_ROOT, OWNER_MANIFEST, _policy());
        assertEq(dp.getDataset(COPIED_ROOT).owner, datasetOwner);
    }

    /// @dev A Running job of a displaced tenure settles its royalty to the owner it was granted under, not to the
    ///      account that displaced it (which committed to the root before the holder's direct registration).
    function test_confirmTrainingComplete_paysTheOwnerTheJobWasGrantedUnder() public {
        vm.prank(squatter);
        dp.commitDataset(_commitment(squatter, COPIED_ROOT));
        vm.roll(block.number + 1);
        vm.prank(datasetOwner);
        dp.registerDataset(COPIED_ROOT, OWNER_MANIFEST, _policy());
        vm.prank(researcher);
        uint256 jobId = dp.requestAccess{value: _escrow(3)}(COPIED_ROOT, RESEARCH, 3, providerId, RESULT_KEY);
        _start(jobId);
        vm.prank(squatter);
        dp.registerDataset(COPIED_ROOT, COPIED_MANIFEST, _squatterPolicy());
        assertEq(dp.getDataset(COPIED_ROOT).owner, squatter);

        dp.confirmTrainingComplete(
            jobId,
            2,
            RESULT_ROOT,
            RECEIPTS_HEAD,
            CODE_HASH,
            _sign(enclaveKey, _manifestDigest(jobId, COPIED_ROOT, 2))
        );
        assertEq(dp.credits(datasetOwner), uint256(ROYALTY) * 2);
        assertEq(dp.credits(squatter), 0);
        assertEq(dp.credits(operator), uint256(PRICE) * 2);
        assertEq(dp.credits(researcher), _escrow(1));
        assertEq(address(dp).balance, _escrow(3));
    }

    /*//////////////////////////////////////////////////////////////
                 registerDataset: who may not displace
    //////////////////////////////////////////////////////////////*/

    /// @dev The squatter commits after the owner registered (it learnt the root from the chain): too late.
    function test_RevertIf_registerDataset_commitmentAfterHoldersRegistration() public {
        vm.prank(datasetOwner);
        dp.registerDataset(COPIED_ROOT, OWNER_MANIFEST, _policy());
        vm.roll(block.number + 1);
        vm.prank(squatter);
        dp.commitDataset(_commitment(squatter, COPIED_ROOT));
        vm.roll(block.number + 5);
        _expectExists(squatter);
    }

    /// @dev An owner who committed and registered keeps the dataset against a later commitment.
    function test_RevertIf_registerDataset_laterCommitmentThanHolders() public {
        vm.prank(datasetOwner);
        dp.commitDataset(_commitment(datasetOwner, COPIED_ROOT));
        vm.roll(block.number + 1);
        vm.prank(squatter);
        dp.commitDataset(_commitment(squatter, COPIED_ROOT));
        vm.roll(block.number + 1);
        vm.prank(datasetOwner);
        dp.registerDataset(COPIED_ROOT, OWNER_MANIFEST, _policy());
        _expectExists(squatter);
    }

    /// @dev Commitments in the same block: the holder keeps it (ties never displace).
    function test_RevertIf_registerDataset_commitmentInTheHoldersBlock() public {
        vm.prank(datasetOwner);
        dp.commitDataset(_commitment(datasetOwner, COPIED_ROOT));
        vm.prank(squatter);
        dp.commitDataset(_commitment(squatter, COPIED_ROOT));
        vm.roll(block.number + 1);
        vm.prank(datasetOwner);
        dp.registerDataset(COPIED_ROOT, OWNER_MANIFEST, _policy());
        _expectExists(squatter);
    }

    /// @dev A commitment made in the registration's own block is worth no more than none.
    function test_RevertIf_registerDataset_commitmentInTheSameBlock() public {
        vm.prank(datasetOwner);
        dp.registerDataset(COPIED_ROOT, OWNER_MANIFEST, _policy());
        vm.prank(squatter);
        dp.commitDataset(_commitment(squatter, COPIED_ROOT));
        _expectExists(squatter);
    }

    /// @dev The owner registering its own dataset again is refused, before and after displacing a squatter.
    function test_RevertIf_registerDataset_ownerAgainAfterDisplacing() public {
        _squatAndGrant(_squatterPolicy());
        vm.roll(block.number + 1);
        vm.prank(datasetOwner);
        dp.registerDataset(COPIED_ROOT, OWNER_MANIFEST, _policy());
        _expectExists(datasetOwner);
        _expectExists(squatter);
    }

    /// @dev The displacement checks the caller's policy like a registration does.
    function test_RevertIf_registerDataset_displacingWithInvalidPolicy() public {
        _squatAndGrant(_squatterPolicy());
        vm.roll(block.number + 1);
        IDataPolicy.Policy memory policy = _policy();
        policy.allowedPurposes = 0;
        vm.expectRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__InvalidPolicy.selector, bytes32("allowedPurposes"))
        );
        vm.prank(datasetOwner);
        dp.registerDataset(COPIED_ROOT, OWNER_MANIFEST, policy);
    }

    /// @dev Whatever the blocks of the two commitments (or their absence) and of the holder's registration, the
    ///      caller displaces the holder exactly when its claim is strictly earlier.
    function testFuzz_registerDataset_strictlyEarlierClaimWins(
        uint256 holderCommit,
        uint256 callerCommit,
        uint256 registerBlock,
        uint256 challengeBlock
    ) public {
        registerBlock = bound(registerBlock, 10, 1000);
        challengeBlock = bound(challengeBlock, registerBlock, 2000);
        holderCommit = bound(holderCommit, 0, registerBlock); // 0: no commitment
        callerCommit = bound(callerCommit, 0, challengeBlock);
        if (holderCommit != 0) {
            vm.roll(holderCommit);
            vm.prank(squatter);
            dp.commitDataset(_commitment(squatter, COPIED_ROOT));
        }
        if (callerCommit != 0 && callerCommit <= registerBlock) {
            vm.roll(callerCommit);
            vm.prank(datasetOwner);
            dp.commitDataset(_commitment(datasetOwner, COPIED_ROOT));
        }
        vm.roll(registerBlock);
        vm.prank(squatter);
        dp.registerDataset(COPIED_ROOT, COPIED_MANIFEST, _squatterPolicy());
        if (callerCommit > registerBlock) {
            vm.roll(callerCommit);
            vm.prank(datasetOwner);
            dp.commitDataset(_commitment(datasetOwner, COPIED_ROOT));
        }
        vm.roll(challengeBlock);

        uint256 held = holderCommit != 0 ? holderCommit : registerBlock;
        uint256 claim = callerCommit != 0 ? callerCommit : challengeBlock;
        if (claim < held) {
            vm.prank(datasetOwner);
            dp.registerDataset(COPIED_ROOT, OWNER_MANIFEST, _policy());
            assertEq(dp.getDataset(COPIED_ROOT).owner, datasetOwner);
        } else {
            _expectExists(datasetOwner);
            assertEq(dp.getDataset(COPIED_ROOT).owner, squatter);
        }
    }

    /*//////////////////////////////////////////////////////////////
                                 HELPERS
    //////////////////////////////////////////////////////////////*/

    function _commitment(address account, bytes32 root) internal pure returns (bytes32) {
        return keccak256(abi.encode(account, root));
    }

    /// @dev The squatter's copy: no royalty, every purpose.
    function _squatterPolicy() internal pure returns (IDataPolicy.Policy memory policy) {
        policy = _policy();
        policy.royaltyPerEpoch = 0;
        policy.allowedPurposes = 0x1f;
    }

    /// @dev The owner commits; one block later the squatter registers the copied root and a researcher is granted a
    ///      3-epoch job on the squatter's terms.
    function _squatAndGrant(IDataPolicy.Policy memory copied) internal returns (uint256 jobId) {
        vm.prank(datasetOwner);
        dp.commitDataset(_commitment(datasetOwner, COPIED_ROOT));
        vm.roll(block.number + 1);
        vm.expectEmit(address(dp));
        emit IDataPolicy.DatasetRegistered(COPIED_ROOT, squatter, COPIED_MANIFEST, copied);
        vm.prank(squatter);
        dp.registerDataset(COPIED_ROOT, COPIED_MANIFEST, copied);
        vm.prank(researcher);
        jobId = dp.requestAccess{value: uint256(PRICE) * 3}(COPIED_ROOT, RESEARCH, 3, providerId, RESULT_KEY);
    }

    function _expectExists(address caller) internal {
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__DatasetExists.selector, COPIED_ROOT));
        vm.prank(caller);
        dp.registerDataset(COPIED_ROOT, OWNER_MANIFEST, _policy());
    }
}
