// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IDataPolicy} from "../src/IDataPolicy.sol";
import {DataPolicyFixture} from "./utils/DataPolicyFixture.sol";

contract DataPolicyDatasetsTest is DataPolicyFixture {
    bytes32 internal constant NEW_ROOT = keccak256("licen/test/dataset-root/new");

    /*//////////////////////////////////////////////////////////////
                            registerDataset
    //////////////////////////////////////////////////////////////*/

    function test_registerDataset_storesDatasetAndFirstPolicy() public {
        IDataPolicy.Policy memory policy = _policy();
        vm.expectEmit(address(dp));
        emit IDataPolicy.DatasetRegistered(NEW_ROOT, stranger, MANIFEST, policy);
        vm.prank(stranger);
        dp.registerDataset(NEW_ROOT, MANIFEST, policy);

        IDataPolicy.Dataset memory dataset = dp.getDataset(NEW_ROOT);
        assertEq(dataset.owner, stranger);
        assertTrue(dataset.active);
        assertEq(dataset.policyVersion, 1);
        assertEq(dataset.manifestHash, MANIFEST);
        assertEq(abi.encode(dp.getPolicy(NEW_ROOT, 1)), abi.encode(policy));
        assertEq(abi.encode(dp.getPolicy(NEW_ROOT, 2)), abi.encode(_emptyPolicy()));
    }

    function test_registerDataset_acceptsAnyAttestationPolicyWhenZero() public {
        IDataPolicy.Policy memory policy = _policy();
        policy.attestationPolicy = bytes32(0);
        vm.prank(stranger);
        dp.registerDataset(NEW_ROOT, MANIFEST, policy);
        assertEq(dp.getPolicy(NEW_ROOT, 1).attestationPolicy, bytes32(0));
    }

    function test_registerDataset_acceptsBoundaryTerms() public {
        IDataPolicy.Policy memory policy = _policy();
        policy.sessionTtl = dp.MIN_SESSION_TTL();
        policy.expiry = uint40(block.timestamp + 1);
        policy.maxEpochsPerJob = 1;
        policy.maxActiveJobsPerRequester = 1;
        policy.royaltyPerEpoch = 0;
        vm.prank(stranger);
        dp.registerDataset(NEW_ROOT, MANIFEST, policy);
        policy.sessionTtl = dp.MAX_SESSION_TTL();
        policy.expiry = type(uint40).max;
        policy.royaltyPerEpoch = type(uint96).max;
        vm.prank(stranger);
        dp.registerDataset(keccak256("licen/test/dataset-root/other"), MANIFEST, policy);
        assertEq(dp.getPolicy(keccak256("licen/test/dataset-root/other"), 1).sessionTtl, 30 days);
    }

    function test_RevertIf_registerDataset_zeroRoot() public {
        vm.expectRevert(_err(IDataPolicy.DataPolicy__ZeroHash.selector));
        dp.registerDataset(bytes32(0), MANIFEST, _policy());
    }

    function test_RevertIf_registerDataset_zeroManifest() public {
        vm.expectRevert(_err(IDataPolicy.DataPolicy__ZeroHash.selector));
        dp.registerDataset(NEW_ROOT, bytes32(0), _policy());
    }

    function test_RevertIf_registerDataset_alreadyRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__DatasetExists.selector, ROOT));
        vm.prank(stranger);
        dp.registerDataset(ROOT, MANIFEST, _policy());
    }

    function test_RevertIf_registerDataset_zeroMaxEpochs() public {
        IDataPolicy.Policy memory policy = _policy();
        policy.maxEpochsPerJob = 0;
        _expectInvalidPolicy("maxEpochsPerJob", policy);
    }

    function test_RevertIf_registerDataset_zeroMaxActiveJobs() public {
        IDataPolicy.Policy memory policy = _policy();
        policy.maxActiveJobsPerRequester = 0;
        _expectInvalidPolicy("maxActiveJobsPerRequester", policy);
    }

    function test_RevertIf_registerDataset_sessionTtlTooShort() public {
        IDataPolicy.Policy memory policy = _policy();
        policy.sessionTtl = 59;
        _expectInvalidPolicy("sessionTtl", policy);
    }

    function test_RevertIf_registerDataset_sessionTtlTooLong() public {
        IDataPolicy.Policy memory policy = _policy();
        policy.sessionTtl = 30 days + 1;
        _expectInvalidPolicy("sessionTtl", policy);
    }

    function test_RevertIf_registerDataset_expiryNotInFuture() public {
        IDataPolicy.Policy memory policy = _policy();
        policy.expiry = uint40(block.timestamp);
        _expectInvalidPolicy("expiry", policy);
    }

    function test_RevertIf_registerDataset_noPurpose() public {
        IDataPolicy.Policy memory policy = _policy();
        policy.allowedPurposes = 0;
        _expectInvalidPolicy("allowedPurposes", policy);
    }

    function test_RevertIf_registerDataset_attestationPolicyNotAllowed() public {
        IDataPolicy.Policy memory policy = _policy();
        policy.attestationPolicy = OTHER_ATTESTATION_POLICY;
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__AttestationPolicyNotAllowed.selector, OTHER_ATTESTATION_POLICY
            )
        );
        dp.registerDataset(NEW_ROOT, MANIFEST, policy);
    }

    /*//////////////////////////////////////////////////////////////
                              updatePolicy
    //////////////////////////////////////////////////////////////*/

    function test_updatePolicy_addsVersionAndKeepsOldOne() public {
        IDataPolicy.Policy memory policy = _policy();
        policy.royaltyPerEpoch = 3 ether;
        policy.attestationPolicy = bytes32(0);
        vm.expectEmit(address(dp));
        emit IDataPolicy.PolicyUpdated(ROOT, 2, policy);
        vm.prank(datasetOwner);
        assertEq(dp.updatePolicy(ROOT, policy), 2);

        assertEq(dp.getDataset(ROOT).policyVersion, 2);
        assertEq(abi.encode(dp.getPolicy(ROOT, 2)), abi.encode(policy));
        assertEq(abi.encode(dp.getPolicy(ROOT, 1)), abi.encode(_policy()));
    }

    function test_updatePolicy_leavesOpenJobsOnTheirTerms() public {
        uint256 jobId = _request(2);
        IDataPolicy.Policy memory policy = _policy();
        policy.royaltyPerEpoch = 5 ether;
        policy.attestationPolicy = OTHER_ATTESTATION_POLICY;
        vm.prank(admin);
        dp.setAttestationPolicy(
            OTHER_ATTESTATION_POLICY, true, "ipfs://other", IDataPolicy.PolicyRole.Provider
        );
        vm.prank(datasetOwner);
        dp.updatePolicy(ROOT, policy);

        IDataPolicy.Job memory job = dp.getJob(jobId);
        assertEq(job.royaltyPerEpoch, ROYALTY);
        assertEq(job.policyVersion, 1);
        // The job's own version still requires the first attestation policy.
        _start(jobId);
        _confirm(jobId, 2);
        assertEq(dp.credits(datasetOwner), 2 * uint256(ROYALTY));
    }

    function test_RevertIf_updatePolicy_unknownDataset() public {
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__UnknownDataset.selector, NEW_ROOT));
        vm.prank(datasetOwner);
        dp.updatePolicy(NEW_ROOT, _policy());
    }

    function test_RevertIf_updatePolicy_notOwner() public {
        vm.expectRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__NotDatasetOwner.selector, ROOT, stranger)
        );
        vm.prank(stranger);
        dp.updatePolicy(ROOT, _policy());
    }

    function test_RevertIf_updatePolicy_invalidPolicy() public {
        IDataPolicy.Policy memory policy = _policy();
        policy.allowedPurposes = 0;
        vm.expectRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__InvalidPolicy.selector, bytes32("allowedPurposes"))
        );
        vm.prank(datasetOwner);
        dp.updatePolicy(ROOT, policy);
    }

    /*//////////////////////////////////////////////////////////////
                            setDatasetActive
    //////////////////////////////////////////////////////////////*/

    function test_setDatasetActive_delistsAndRelists() public {
        vm.expectEmit(address(dp));
        emit IDataPolicy.DatasetActiveSet(ROOT, false);
        vm.prank(datasetOwner);
        dp.setDatasetActive(ROOT, false);
        assertFalse(dp.getDataset(ROOT).active);

        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__DatasetInactive.selector, ROOT));
        vm.prank(researcher);
        dp.requestAccess{value: _escrow(1)}(ROOT, RESEARCH, 1, providerId, RESULT_KEY);

        vm.expectEmit(address(dp));
        emit IDataPolicy.DatasetActiveSet(ROOT, true);
        vm.prank(datasetOwner);
        dp.setDatasetActive(ROOT, true);
        assertTrue(dp.getDataset(ROOT).active);
        assertEq(_request(1), 1);
    }

    function test_RevertIf_setDatasetActive_unknownDataset() public {
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__UnknownDataset.selector, NEW_ROOT));
        dp.setDatasetActive(NEW_ROOT, false);
    }

    function test_RevertIf_setDatasetActive_notOwner() public {
        vm.expectRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__NotDatasetOwner.selector, ROOT, stranger)
        );
        vm.prank(stranger);
        dp.setDatasetActive(ROOT, false);
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    function test_getDataset_unknownIsZero() public view {
        IDataPolicy.Dataset memory dataset = dp.getDataset(NEW_ROOT);
        assertEq(dataset.owner, address(0));
        assertFalse(dataset.active);
        assertEq(dataset.policyVersion, 0);
        assertEq(dataset.manifestHash, bytes32(0));
    }

    function _expectInvalidPolicy(bytes32 term, IDataPolicy.Policy memory policy) internal {
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__InvalidPolicy.selector, term));
        dp.registerDataset(NEW_ROOT, MANIFEST, policy);
    }

    function _emptyPolicy() internal pure returns (IDataPolicy.Policy memory policy) {}
}
