// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {DataPolicyInvariantTest} from "./DataPolicy.invariant.t.sol";

/// @notice Every money-conservation invariant again, with a protocol fee that is never zero: the run starts at
///         2.5 % and the handler's fee changes stay in 1..1000 bps, so every settlement splits off a fee to the
///         treasury (whose credits and withdrawals are in the ghost books to the wei).
contract DataPolicyFeeInvariantTest is DataPolicyInvariantTest {
    function setUp() public override {
        super.setUp();
        handler.setMinFeeBps(1);
        vm.prank(makeAddr("admin"));
        dp.setProtocolFee(250, makeAddr("treasury"));
    }

    /// @notice Every job of the run was granted under a non-zero fee (the fee path is the one exercised).
    function invariant_everyJobCarriesAFee() public view {
        uint256 lastJob = dp.nextJobId();
        for (uint256 jobId = 1; jobId < lastJob; ++jobId) {
            assertGt(dp.getJob(jobId).feeBps, 0, "job fee");
        }
    }
}
