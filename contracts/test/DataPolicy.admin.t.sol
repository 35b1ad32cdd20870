// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IDataPolicy} from "../src/IDataPolicy.sol";
import {DataPolicyFixture} from "./utils/DataPolicyFixture.sol";

contract DataPolicyAdminTest is DataPolicyFixture {
    /*//////////////////////////////////////////////////////////////
                              constructor
    //////////////////////////////////////////////////////////////*/

    function test_constructor_setsOwnerCountersAndDomain() public view {
        assertEq(dp.owner(), admin);
        assertEq(dp.pendingOwner(), address(0));
        assertEq(dp.nextJobId(), 1);
        (uint16 feeBps, address feeTreasury) = dp.protocolFee();
        assertEq(feeBps, 0);
        assertEq(feeTreasury, address(0));
        assertEq(dp.MAX_FEE_BPS(), 1000);
        assertEq(dp.MIN_SESSION_TTL(), 60);
        assertEq(dp.MAX_SESSION_TTL(), 30 days);
        assertEq(dp.MAX_ENDPOINT_LENGTH(), 256);
        assertEq(dp.RESULT_MANIFEST_TYPEHASH(), MANIFEST_TYPEHASH);
        assertEq(dp.EPOCH_RECEIPT_TYPEHASH(), RECEIPT_TYPEHASH);
        assertEq(dp.FAILURE_REPORT_TYPEHASH(), FAILURE_TYPEHASH);
        (
            bytes1 fields,
            string memory name,
            string memory version,
            uint256 chainId,
            address verifyingContract,,
        ) = dp.eip712Domain();
        assertEq(fields, hex"0f");
        assertEq(name, "LICEN DataPolicy");
        assertEq(version, "1");
        assertEq(chainId, block.chainid);
        assertEq(verifyingContract, address(dp));
    }

    function test_RevertIf_constructor_zeroOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        this.deployExternally(address(0));
    }

    /// @dev The constructor revert is observed through an external call.
    function deployExternally(address initialOwner) external returns (address) {
        return address(_deploy(initialOwner));
    }

    /*//////////////////////////////////////////////////////////////
                          setAttestationPolicy
    //////////////////////////////////////////////////////////////*/

    function test_setAttestationPolicy_allowsAndDisallows() public {
        vm.expectEmit(address(dp));
        emit IDataPolicy.AttestationPolicySet(
            OTHER_ATTESTATION_POLICY, true, "ipfs://other", IDataPolicy.PolicyRole.Provider
        );
        vm.prank(admin);
        dp.setAttestationPolicy(
            OTHER_ATTESTATION_POLICY, true, "ipfs://other", IDataPolicy.PolicyRole.Provider
        );
        assertTrue(dp.isAttestationPolicyAllowed(OTHER_ATTESTATION_POLICY));

        vm.expectEmit(address(dp));
        emit IDataPolicy.AttestationPolicySet(
            OTHER_ATTESTATION_POLICY, false, "", IDataPolicy.PolicyRole.Provider
        );
        vm.prank(admin);
        dp.setAttestationPolicy(OTHER_ATTESTATION_POLICY, false, "", IDataPolicy.PolicyRole.Provider);
        assertFalse(dp.isAttestationPolicyAllowed(OTHER_ATTESTATION_POLICY));
    }

    function test_setAttestationPolicy_disallowingBlocksStart() public {
        uint256 jobId = _request(1);
        vm.prank(admin);
        dp.setAttestationPolicy(ATTESTATION_POLICY, false, "", IDataPolicy.PolicyRole.Provider);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__AttestationPolicyNotAllowed.selector, ATTESTATION_POLICY
            )
        );
        _start(jobId);
    }

    function test_RevertIf_setAttestationPolicy_notOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        dp.setAttestationPolicy(OTHER_ATTESTATION_POLICY, true, "", IDataPolicy.PolicyRole.Provider);
    }

    function test_RevertIf_setAttestationPolicy_zeroHash() public {
        vm.expectRevert(_err(IDataPolicy.DataPolicy__ZeroHash.selector));
        vm.prank(admin);
        dp.setAttestationPolicy(bytes32(0), true, "", IDataPolicy.PolicyRole.Provider);
    }

    /*//////////////////////////////////////////////////////////////
                            setOrchestrator
    //////////////////////////////////////////////////////////////*/

    function test_setOrchestrator_grantsAndRevokes() public {
        vm.expectEmit(address(dp));
        emit IDataPolicy.OrchestratorSet(stranger, true);
        vm.prank(admin);
        dp.setOrchestrator(stranger, true);
        assertTrue(dp.isOrchestrator(stranger));

        vm.expectEmit(address(dp));
        emit IDataPolicy.OrchestratorSet(stranger, false);
        vm.prank(admin);
        dp.setOrchestrator(stranger, false);
        assertFalse(dp.isOrchestrator(stranger));
        assertTrue(dp.isOrchestrator(orchestrator));
    }

    function test_RevertIf_setOrchestrator_notOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, orchestrator));
        vm.prank(orchestrator);
        dp.setOrchestrator(stranger, true);
    }

    /*//////////////////////////////////////////////////////////////
                             setProtocolFee
    //////////////////////////////////////////////////////////////*/

    function test_setProtocolFee_setsFeeAndTreasury() public {
        vm.expectEmit(address(dp));
        emit IDataPolicy.ProtocolFeeSet(1000, treasury);
        vm.prank(admin);
        dp.setProtocolFee(1000, treasury);
        (uint16 feeBps, address feeTreasury) = dp.protocolFee();
        assertEq(feeBps, 1000);
        assertEq(feeTreasury, treasury);
    }

    function test_setProtocolFee_appliesToNewJobsOnly() public {
        uint256 before = _requestAndStart(4);
        vm.prank(admin);
        dp.setProtocolFee(500, treasury);
        assertEq(dp.getJob(before).feeBps, 0);
        _confirm(before, 4);
        assertEq(dp.credits(treasury), 0);
        assertEq(dp.credits(datasetOwner), 4 ether);

        uint256 afterJob = _requestAndStart(4);
        assertEq(dp.getJob(afterJob).feeBps, 500);
        _confirm(afterJob, 4);
        // 5% of 4 ether royalty and of 1 ether provider pay.
        assertEq(dp.credits(treasury), 0.2 ether + 0.05 ether);
        assertEq(dp.credits(datasetOwner), 4 ether + 3.8 ether);
        assertEq(dp.credits(operator), 1 ether + 0.95 ether);
    }

    function test_RevertIf_setProtocolFee_aboveMaximum() public {
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__InvalidFee.selector, uint16(1001)));
        vm.prank(admin);
        dp.setProtocolFee(1001, treasury);
    }

    function test_RevertIf_setProtocolFee_zeroTreasury() public {
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__InvalidFee.selector, uint16(10)));
        vm.prank(admin);
        dp.setProtocolFee(10, address(0));
    }

    function test_RevertIf_setProtocolFee_notOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        dp.setProtocolFee(10, treasury);
    }

    /*//////////////////////////////////////////////////////////////
                              Ownable2Step
    //////////////////////////////////////////////////////////////*/

    function test_transferOwnership_takesEffectOnAccept() public {
        vm.prank(admin);
        dp.transferOwnership(stranger);
        assertEq(dp.owner(), admin);
        assertEq(dp.pendingOwner(), stranger);

        vm.expectEmit(address(dp));
        emit Ownable.OwnershipTransferred(admin, stranger);
        vm.prank(stranger);
        dp.acceptOwnership();
        assertEq(dp.owner(), stranger);
        assertEq(dp.pendingOwner(), address(0));

        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, admin));
        vm.prank(admin);
        dp.setOrchestrator(admin, true);
    }

    function test_RevertIf_acceptOwnership_notPendingOwner() public {
        vm.prank(admin);
        dp.transferOwnership(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, orchestrator));
        vm.prank(orchestrator);
        dp.acceptOwnership();
    }

    function test_renounceOwnership_reverts() public {
        // Neither the owner nor anyone else can leave the contract without an admin.
        vm.expectRevert(IDataPolicy.DataPolicy__RenounceOwnershipDisabled.selector);
        vm.prank(admin);
        dp.renounceOwnership();
        vm.expectRevert(IDataPolicy.DataPolicy__RenounceOwnershipDisabled.selector);
        vm.prank(stranger);
        dp.renounceOwnership();
        assertEq(dp.owner(), admin);

        // Also while a transfer is pending: the pending owner can still accept, admin keeps working.
        vm.prank(admin);
        dp.transferOwnership(stranger);
        vm.expectRevert(IDataPolicy.DataPolicy__RenounceOwnershipDisabled.selector);
        vm.prank(admin);
        dp.renounceOwnership();
        assertEq(dp.pendingOwner(), stranger);
        vm.prank(stranger);
        dp.acceptOwnership();
        assertEq(dp.owner(), stranger);
        vm.prank(stranger);
        dp.setOrchestrator(stranger, true);
        assertTrue(dp.isOrchestrator(stranger));
    }

    function test_RevertIf_transferOwnership_notOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        dp.transferOwnership(stranger);
    }
}
