// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IDataPolicy} from "../src/IDataPolicy.sol";
import {DataPolicyFixture} from "./utils/DataPolicyFixture.sol";

contract DataPolicyProvidersTest is DataPolicyFixture {
    string internal constant NEW_ENDPOINT = "https://node-2.provider.example";

    /*//////////////////////////////////////////////////////////////
                            registerProvider
    //////////////////////////////////////////////////////////////*/

    function test_registerProvider_assignsSequentialIds() public {
        assertEq(providerId, 1);
        assertEq(dp.nextProviderId(), 2);
        vm.expectEmit(address(dp));
        emit IDataPolicy.ProviderRegistered(2, stranger, ENDPOINT, 7 gwei);
        vm.prank(stranger);
        assertEq(dp.registerProvider(ENDPOINT, 7 gwei), 2);
        assertEq(dp.nextProviderId(), 3);

        IDataPolicy.Provider memory provider = dp.getProvider(2);
        assertEq(provider.operator, stranger);
        assertTrue(provider.active);
        assertEq(provider.pricePerEpoch, 7 gwei);
        assertEq(provider.endpoint, ENDPOINT);
    }

    function test_registerProvider_acceptsLongestEndpointAndZeroPrice() public {
        string memory endpoint = string(_bytesOfLength(256));
        vm.prank(stranger);
        uint32 id = dp.registerProvider(endpoint, 0);
        assertEq(dp.getProvider(id).endpoint, endpoint);
        assertEq(dp.getProvider(id).pricePerEpoch, 0);
    }

    function test_RevertIf_registerProvider_emptyEndpoint() public {
        vm.expectRevert(_err(IDataPolicy.DataPolicy__InvalidEndpoint.selector));
        dp.registerProvider("", PRICE);
    }

    function test_RevertIf_registerProvider_endpointTooLong() public {
        vm.expectRevert(_err(IDataPolicy.DataPolicy__InvalidEndpoint.selector));
        dp.registerProvider(string(_bytesOfLength(257)), PRICE);
    }

    /*//////////////////////////////////////////////////////////////
                             updateProvider
    //////////////////////////////////////////////////////////////*/

    function test_updateProvider_changesEndpointAndPrice() public {
        vm.expectEmit(address(dp));
        emit IDataPolicy.ProviderUpdated(providerId, NEW_ENDPOINT, 2 ether);
        vm.prank(operator);
        dp.updateProvider(providerId, NEW_ENDPOINT, 2 ether);

        IDataPolicy.Provider memory provider = dp.getProvider(providerId);
        assertEq(provider.operator, operator);
        assertTrue(provider.active);
        assertEq(provider.pricePerEpoch, 2 ether);
        assertEq(provider.endpoint, NEW_ENDPOINT);
    }

    function test_updateProvider_newPriceAppliesToNewJobsOnly() public {
        uint256 oldJob = _requestAndStart(2);
        vm.prank(operator);
        dp.updateProvider(providerId, ENDPOINT, 2 ether);
        assertEq(dp.getJob(oldJob).pricePerEpoch, PRICE);

        vm.prank(researcher);
        uint256 newJob = dp.requestAccess{value: 3 ether}(ROOT, RESEARCH, 1, providerId, RESULT_KEY);
        assertEq(dp.getJob(newJob).pricePerEpoch, 2 ether);

        _confirm(oldJob, 2);
        assertEq(dp.credits(operator), 2 * uint256(PRICE));
    }

    function test_updateProvider_samePriceKeepsOpenJobsPrice() public {
        uint256 jobId = _request(1);
        vm.startPrank(operator);
        dp.updateProvider(providerId, NEW_ENDPOINT, PRICE);
        dp.updateProvider(providerId, ENDPOINT, 1 ether);
        dp.updateProvider(providerId, ENDPOINT, PRICE);
        vm.stopPrank();
        assertEq(dp.getJob(jobId).pricePerEpoch, PRICE);
        assertEq(dp.getProvider(providerId).pricePerEpoch, PRICE);
    }

    function test_RevertIf_updateProvider_unknownProvider() public {
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__UnknownProvider.selector, uint32(9)));
        vm.prank(operator);
        dp.updateProvider(9, ENDPOINT, PRICE);
    }

    function test_RevertIf_updateProvider_notOperator() public {
        vm.expectRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__NotProviderOperator.selector, providerId, stranger)
        );
        vm.prank(stranger);
        dp.updateProvider(providerId, ENDPOINT, PRICE);
    }

    function test_RevertIf_updateProvider_emptyEndpoint() public {
        vm.expectRevert(_err(IDataPolicy.DataPolicy__InvalidEndpoint.selector));
        vm.prank(operator);
        dp.updateProvider(providerId, "", PRICE);
    }

    /*//////////////////////////////////////////////////////////////
                           setProviderActive
    //////////////////////////////////////////////////////////////*/

    function test_setProviderActive_deactivatesAndReactivates() public {
        vm.expectEmit(address(dp));
        emit IDataPolicy.ProviderActiveSet(providerId, false);
        vm.prank(operator);
        dp.setProviderActive(providerId, false);
        assertFalse(dp.getProvider(providerId).active);

        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__ProviderInactive.selector, providerId));
        vm.prank(researcher);
        dp.requestAccess{value: _escrow(1)}(ROOT, RESEARCH, 1, providerId, RESULT_KEY);

        vm.expectEmit(address(dp));
        emit IDataPolicy.ProviderActiveSet(providerId, true);
        vm.prank(operator);
        dp.setProviderActive(providerId, true);
        assertTrue(dp.getProvider(providerId).active);
        assertEq(_request(1), 1);
    }

    function test_RevertIf_setProviderActive_unknownProvider() public {
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__UnknownProvider.selector, uint32(0)));
        dp.setProviderActive(0, false);
    }

    function test_RevertIf_setProviderActive_notOperator() public {
        vm.expectRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__NotProviderOperator.selector, providerId, stranger)
        );
        vm.prank(stranger);
        dp.setProviderActive(providerId, false);
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    function test_getProvider_unknownIsZero() public view {
        IDataPolicy.Provider memory provider = dp.getProvider(42);
        assertEq(provider.operator, address(0));
        assertFalse(provider.active);
        assertEq(provider.pricePerEpoch, 0);
        assertEq(provider.endpoint, "");
    }

    function _bytesOfLength(uint256 length) internal pure returns (bytes memory out) {
        out = new bytes(length);
        for (uint256 i; i < length; ++i) {
            out[i] = "a";
        }
    }
}
