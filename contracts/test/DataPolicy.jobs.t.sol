// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IDataPolicy} from "../src/IDataPolicy.sol";
import {DataPolicyFixture} from "./utils/DataPolicyFixture.sol";

/// @notice requestAccess and startJob: the policy checks at grant and the attestation checks at start.
contract DataPolicyJobsTest is DataPolicyFixture {
    /*//////////////////////////////////////////////////////////////
                             requestAccess
    //////////////////////////////////////////////////////////////*/

    function test_requestAccess_grantsJob() public {
        vm.warp(1_700_000_000);
        uint40 deadline = uint40(block.timestamp) + TTL;
        vm.expectEmit(address(dp));
        emit IDataPolicy.AccessGranted(
            1, ROOT, researcher, providerId, 3, RESEARCH, ROYALTY, PRICE, 1, 0, deadline, RESULT_KEY
        );
        uint256 jobId = _request(3);

        assertEq(jobId, 1);
        assertEq(dp.nextJobId(), 2);
        assertEq(dp.activeJobs(ROOT, researcher), 1);
        assertEq(address(dp).balance, 3.75 ether);
        IDataPolicy.Job memory job = dp.getJob(jobId);
        assertEq(job.datasetRoot, ROOT);
        assertEq(job.requester, researcher);
        assertEq(job.deadline, deadline);
        assertEq(job.providerId, providerId);
        assertEq(job.epochs, 3);
        assertEq(uint8(job.state), uint8(IDataPolicy.JobState.Granted));
        assertEq(job.royaltyPerEpoch, ROYALTY);
        assertEq(job.pricePerEpoch, PRICE);
        assertEq(job.actualEpochs, 0);
        assertEq(job.policyVersion, 1);
        assertEq(job.feeBps, 0);
        assertEq(job.purposeId, RESEARCH);
        assertEq(job.enclaveSigner, address(0));
        assertEq(job.resultKeyTag, bytes12(keccak256(RESULT_KEY)));
        assertEq(job.attestationRef, bytes32(0));
    }

    function test_requestAccess_snapshotsFeeAndAcceptsOddKeyPrefix() public {
        vm.prank(admin);
        dp.setProtocolFee(250, treasury);
        bytes memory key = abi.encodePacked(bytes1(0x03), bytes32(uint256(7)));
        vm.prank(researcher);
        uint256 jobId = dp.requestAccess{value: _escrow(1)}(ROOT, 2, 1, providerId, key);
        IDataPolicy.Job memory job = dp.getJob(jobId);
        assertEq(job.feeBps, 250);
        assertEq(job.purposeId, 2);
        assertEq(job.resultKeyTag, bytes12(keccak256(key)));
    }

    function test_requestAccess_freeDatasetAndProvider() public {
        IDataPolicy.Policy memory policy = _policy();
        policy.royaltyPerEpoch = 0;
        bytes32 root = keccak256("licen/test/free");
        _registerDataset(root, policy);
        uint32 freeProvider = _registerProvider(stranger, 0);
        vm.prank(researcher);
        uint256 jobId = dp.requestAccess(root, RESEARCH, MAX_EPOCHS, freeProvider, RESULT_KEY);
        assertEq(dp.getJob(jobId).epochs, MAX_EPOCHS);
    }

    function test_requestAccess_worksUntilExpiry() public {
        IDataPolicy.Policy memory policy = _policy();
        policy.expiry = uint40(block.timestamp + 100);
        bytes32 root = keccak256("licen/test/expiring");
        _registerDataset(root, policy);
        vm.warp(block.timestamp + 99);
        vm.prank(researcher);
        dp.requestAccess{value: _escrow(1)}(root, RESEARCH, 1, providerId, RESULT_KEY);
        vm.warp(block.timestamp + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__PolicyExpired.selector, root, policy.expiry)
        );
        vm.prank(researcher);
        dp.requestAccess{value: _escrow(1)}(root, RESEARCH, 1, providerId, RESULT_KEY);
    }

    function test_requestAccess_capFreesWhenJobCloses() public {
        uint256 first = _request(1);
        _request(1);
        assertEq(dp.activeJobs(ROOT, researcher), 2);
        vm.prank(orchestrator);
        dp.markJobFailed(first, REASON);
        assertEq(dp.activeJobs(ROOT, researcher), 1);
        assertEq(_request(1), 3);
        assertEq(dp.activeJobs(ROOT, researcher), 2);
    }

    function test_RevertIf_requestAccess_keyTooShort() public {
        _expectRequestRevert(_err(IDataPolicy.DataPolicy__InvalidResultKey.selector), RESULT_KEY_32);
    }

    function test_RevertIf_requestAccess_keyTooLong() public {
        _expectRequestRevert(
            _err(IDataPolicy.DataPolicy__InvalidResultKey.selector), abi.encodePacked(RESULT_KEY, bytes1(0))
        );
    }

    function test_RevertIf_requestAccess_keyNotCompressed() public {
        _expectRequestRevert(
            _err(IDataPolicy.DataPolicy__InvalidResultKey.selector),
            abi.encodePacked(bytes1(0x04), RESULT_KEY_32)
        );
    }

    function test_RevertIf_requestAccess_unknownDataset() public {
        bytes32 root = keccak256("licen/test/unknown");
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__UnknownDataset.selector, root));
        vm.prank(researcher);
        dp.requestAccess{value: _escrow(1)}(root, RESEARCH, 1, providerId, RESULT_KEY);
    }

    function test_RevertIf_requestAccess_datasetInactive() public {
        vm.prank(datasetOwner);
        dp.setDatasetActive(ROOT, false);
        _expectRequestRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__DatasetInactive.selector, ROOT), RESULT_KEY
        );
    }

    function test_RevertIf_requestAccess_purposeNotAllowed() public {
        vm.expectRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__PurposeNotAllowed.selector, COMMERCIAL)
        );
        vm.prank(researcher);
        dp.requestAccess{value: _escrow(1)}(ROOT, COMMERCIAL, 1, providerId, RESULT_KEY);
    }

    function test_RevertIf_requestAccess_purposeOutOfRange() public {
        IDataPolicy.Policy memory policy = _policy();
        policy.allowedPurposes = type(uint32).max;
        vm.prank(datasetOwner);
        dp.updatePolicy(ROOT, policy);
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__PurposeNotAllowed.selector, uint8(32)));
        vm.prank(researcher);
        dp.requestAccess{value: _escrow(1)}(ROOT, 32, 1, providerId, RESULT_KEY);
    }

    function test_RevertIf_requestAccess_zeroEpochs() public {
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__InvalidEpochs.selector, 0, MAX_EPOCHS));
        vm.prank(researcher);
        dp.requestAccess(ROOT, RESEARCH, 0, providerId, RESULT_KEY);
    }

    function test_RevertIf_requestAccess_tooManyEpochs() public {
        vm.expectRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__InvalidEpochs.selector, MAX_EPOCHS + 1, MAX_EPOCHS)
        );
        vm.prank(researcher);
        dp.requestAccess{value: _escrow(MAX_EPOCHS + 1)}(
            ROOT, RESEARCH, MAX_EPOCHS + 1, providerId, RESULT_KEY
        );
    }

    function test_RevertIf_requestAccess_providerZero() public {
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__UnknownProvider.selector, uint32(0)));
        vm.prank(researcher);
        dp.requestAccess{value: _escrow(1)}(ROOT, RESEARCH, 1, 0, RESULT_KEY);
    }

    function test_RevertIf_requestAccess_providerNotRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__UnknownProvider.selector, uint32(2)));
        vm.prank(researcher);
        dp.requestAccess{value: _escrow(1)}(ROOT, RESEARCH, 1, 2, RESULT_KEY);
    }

    function test_RevertIf_requestAccess_providerInactive() public {
        vm.prank(operator);
        dp.setProviderActive(providerId, false);
        _expectRequestRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__ProviderInactive.selector, providerId), RESULT_KEY
        );
    }

    function test_RevertIf_requestAccess_underpaid() public {
        vm.expectRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__WrongPayment.selector, _escrow(2), _escrow(2) - 1)
        );
        vm.prank(researcher);
        dp.requestAccess{value: _escrow(2) - 1}(ROOT, RESEARCH, 2, providerId, RESULT_KEY);
    }

    function test_RevertIf_requestAccess_overpaid() public {
        vm.expectRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__WrongPayment.selector, _escrow(2), _escrow(2) + 1)
        );
        vm.prank(researcher);
        dp.requestAccess{value: _escrow(2) + 1}(ROOT, RESEARCH, 2, providerId, RESULT_KEY);
    }

    function test_RevertIf_requestAccess_requesterCapReached() public {
        _request(1);
        _request(1);
        _expectRequestRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__RequesterCapReached.selector, MAX_ACTIVE),
            RESULT_KEY
        );
    }

    /*//////////////////////////////////////////////////////////////
                                startJob
    //////////////////////////////////////////////////////////////*/

    function test_startJob_recordsAttestation() public {
        uint256 jobId = _request(2);
        vm.expectEmit(address(dp));
        emit IDataPolicy.JobStarted(jobId, enclaveSigner, QUOTE_REF, ATTESTATION_POLICY);
        _start(jobId);

        IDataPolicy.Job memory job = dp.getJob(jobId);
        assertEq(uint8(job.state), uint8(IDataPolicy.JobState.Running));
        assertEq(job.enclaveSigner, enclaveSigner);
        assertEq(job.attestationRef, QUOTE_REF);
        assertEq(job.royaltyPerEpoch, ROYALTY);
        assertEq(job.resultKeyTag, bytes12(keccak256(RESULT_KEY)));
        assertEq(dp.activeJobs(ROOT, researcher), 1);
    }

    function test_startJob_anyAllowedPolicyWhenDatasetRequiresNone() public {
        IDataPolicy.Policy memory policy = _policy();
        policy.attestationPolicy = bytes32(0);
        vm.prank(datasetOwner);
        dp.updatePolicy(ROOT, policy);
        vm.prank(admin);
        dp.setAttestationPolicy(
            OTHER_ATTESTATION_POLICY, true, "ipfs://other", IDataPolicy.PolicyRole.Provider
        );
        uint256 jobId = _request(1);
        vm.prank(orchestrator);
        dp.startJob(jobId, enclaveSigner, QUOTE_REF, OTHER_ATTESTATION_POLICY);
        assertEq(uint8(dp.getJob(jobId).state), uint8(IDataPolicy.JobState.Running));
    }

    function test_startJob_atDeadline() public {
        uint256 jobId = _request(1);
        vm.warp(dp.getJob(jobId).deadline);
        _start(jobId);
        assertEq(uint8(dp.getJob(jobId).state), uint8(IDataPolicy.JobState.Running));
    }

    function test_RevertIf_startJob_notOrchestrator() public {
        uint256 jobId = _request(1);
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__NotOrchestrator.selector, stranger));
        vm.prank(stranger);
        dp.startJob(jobId, enclaveSigner, QUOTE_REF, ATTESTATION_POLICY);
    }

    function test_RevertIf_startJob_unknownJob() public {
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__UnknownJob.selector, 7));
        _start(7);
    }

    function test_RevertIf_startJob_alreadyRunning() public {
        uint256 jobId = _requestAndStart(1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__InvalidJobState.selector, jobId, IDataPolicy.JobState.Running
            )
        );
        _start(jobId);
    }

    function test_RevertIf_startJob_failed() public {
        uint256 jobId = _request(1);
        vm.prank(orchestrator);
        dp.markJobFailed(jobId, REASON);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__InvalidJobState.selector, jobId, IDataPolicy.JobState.Failed
            )
        );
        _start(jobId);
    }

    function test_RevertIf_startJob_deadlinePassed() public {
        uint256 jobId = _request(1);
        uint40 deadline = dp.getJob(jobId).deadline;
        vm.warp(uint256(deadline) + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__DeadlinePassed.selector, jobId, deadline)
        );
        _start(jobId);
    }

    function test_RevertIf_startJob_zeroSigner() public {
        uint256 jobId = _request(1);
        vm.expectRevert(_err(IDataPolicy.DataPolicy__ZeroSigner.selector));
        vm.prank(orchestrator);
        dp.startJob(jobId, address(0), QUOTE_REF, ATTESTATION_POLICY);
    }

    function test_RevertIf_startJob_zeroAttestationRef() public {
        uint256 jobId = _request(1);
        vm.expectRevert(_err(IDataPolicy.DataPolicy__ZeroHash.selector));
        vm.prank(orchestrator);
        dp.startJob(jobId, enclaveSigner, bytes32(0), ATTESTATION_POLICY);
    }

    function test_RevertIf_startJob_datasetDelisted() public {
        uint256 jobId = _request(1);
        vm.prank(datasetOwner);
        dp.setDatasetActive(ROOT, false);
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__DatasetInactive.selector, ROOT));
        _start(jobId);
    }

    function test_RevertIf_startJob_policyNotAllowed() public {
        uint256 jobId = _request(1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__AttestationPolicyNotAllowed.selector, OTHER_ATTESTATION_POLICY
            )
        );
        vm.prank(orchestrator);
        dp.startJob(jobId, enclaveSigner, QUOTE_REF, OTHER_ATTESTATION_POLICY);
    }

    function test_RevertIf_startJob_policyMismatch() public {
        vm.prank(admin);
        dp.setAttestationPolicy(
            OTHER_ATTESTATION_POLICY, true, "ipfs://other", IDataPolicy.PolicyRole.Provider
        );
        uint256 jobId = _request(1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__AttestationPolicyMismatch.selector,
                ATTESTATION_POLICY,
                OTHER_ATTESTATION_POLICY
            )
        );
        vm.prank(orchestrator);
        dp.startJob(jobId, enclaveSigner, QUOTE_REF, OTHER_ATTESTATION_POLICY);
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    function test_getJob_unknownIsZero() public view {
        IDataPolicy.Job memory job = dp.getJob(1);
        assertEq(job.datasetRoot, bytes32(0));
        assertEq(job.requester, address(0));
        assertEq(uint8(job.state), uint8(IDataPolicy.JobState.None));
        assertEq(job.royaltyPerEpoch, 0);
        assertEq(job.pricePerEpoch, 0);
    }

    bytes internal constant RESULT_KEY_32 =
        hex"c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5";

    function _expectRequestRevert(bytes memory revertData, bytes memory key) internal {
        vm.expectRevert(revertData);
        vm.prank(researcher);
        dp.requestAccess{value: _escrow(1)}(ROOT, RESEARCH, 1, providerId, key);
    }
}
