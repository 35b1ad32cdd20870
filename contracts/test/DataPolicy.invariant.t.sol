// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {Test} from "forge-std/Test.sol";
import {IDataPolicy} from "../src/IDataPolicy.sol";
import {DataPolicyHandler} from "./invariant/DataPolicyHandler.sol";
import {IDataPolicyFull} from "./utils/IDataPolicyFull.sol";

contract DataPolicyInvariantTest is StdInvariant, Test {
    IDataPolicyFull internal dp;
    DataPolicyHandler internal handler;

    function setUp() public virtual {
        address admin = makeAddr("admin");
        address orchestrator = makeAddr("orchestrator");
        dp = IDataPolicyFull(deployCode("DataPolicy.sol:DataPolicy", abi.encode(admin)));
        vm.startPrank(admin);
        dp.setOrchestrator(orchestrator, true);
        dp.setAttestationPolicy(
            keccak256("licen/invariant/attestation-policy"),
            true,
            "ipfs://policy",
            IDataPolicy.PolicyRole.Provider
        );
        vm.stopPrank();
        handler = new DataPolicyHandler(dp, admin, orchestrator, makeAddr("treasury"));

        bytes4[] memory selectors = new bytes4[](14);
        selectors[0] = DataPolicyHandler.requestAccess.selector;
        selectors[1] = DataPolicyHandler.startJob.selector;
        selectors[2] = DataPolicyHandler.confirmTrainingComplete.selector;
        selectors[3] = DataPolicyHandler.markJobFailed.selector;
        selectors[4] = DataPolicyHandler.reportJobFailure.selector;
        selectors[5] = DataPolicyHandler.reclaim.selector;
        selectors[6] = DataPolicyHandler.withdraw.selector;
        selectors[7] = DataPolicyHandler.warp.selector;
        selectors[8] = DataPolicyHandler.setProtocolFee.selector;
        selectors[9] = DataPolicyHandler.updatePolicy.selector;
        selectors[10] = DataPolicyHandler.updateProvider.selector;
        selectors[11] = DataPolicyHandler.toggleDataset.selector;
        selectors[12] = DataPolicyHandler.toggleProvider.selector;
        selectors[13] = DataPolicyHandler.displaceOwner.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// @notice ETH held = unwithdrawn credits + escrow of open jobs, and = deposits - withdrawals.
    function invariant_balanceCoversCreditsAndOpenEscrow() public view {
        uint256 credited;
        address[] memory accounts = handler.accounts();
        for (uint256 i; i < accounts.length; ++i) {
            credited += dp.credits(accounts[i]);
        }
        uint256 openEscrow;
        uint256 lastJob = dp.nextJobId();
        for (uint256 jobId = 1; jobId < lastJob; ++jobId) {
            IDataPolicy.Job memory job = dp.getJob(jobId);
            if (job.state == IDataPolicy.JobState.Granted || job.state == IDataPolicy.JobState.Running) {
                openEscrow += (uint256(job.royaltyPerEpoch) + job.pricePerEpoch) * job.epochs;
                assertEq(
                    (uint256(job.royaltyPerEpoch) + job.pricePerEpoch) * job.epochs,
                    handler.jobGhost(jobId).escrow,
                    "job escrow"
                );
            }
        }
        assertEq(address(dp).balance, credited + openEscrow, "balance = credits + open escrow");
        assertEq(
            address(dp).balance, handler.ghostDeposited() - handler.ghostWithdrawn(), "balance = in - out"
        );
    }

    /// @notice Every account's credit equals the payouts the handler computed on its own.
    function invariant_creditsMatchIndependentBooks() public view {
        address[] memory accounts = handler.accounts();
        for (uint256 i; i < accounts.length; ++i) {
            assertEq(dp.credits(accounts[i]), handler.ghostCredits(accounts[i]), "credit");
        }
    }

    /// @notice No job's state ever moved other than forward (the handler compares every job after every call).
    function invariant_jobStatesOnlyMoveForward() public view {
        assertFalse(handler.stateMovedBackwards(), "state moved backwards");
        uint256 lastJob = dp.nextJobId();
        for (uint256 jobId = 1; jobId < lastJob; ++jobId) {
            assertEq(uint8(handler.jobGhost(jobId).lastState), uint8(dp.getJob(jobId).state), "state tracked");
        }
    }

    /// @notice A final job credited exactly its escrow, split among its parties, once.
    function invariant_finalJobsPaidOutExactlyTheirEscrow() public view {
        uint256 lastJob = dp.nextJobId();
        for (uint256 jobId = 1; jobId < lastJob; ++jobId) {
            IDataPolicy.JobState state = dp.getJob(jobId).state;
            DataPolicyHandler.JobGhost memory ghost = handler.jobGhost(jobId);
            if (state == IDataPolicy.JobState.Granted || state == IDataPolicy.JobState.Running) {
                assertEq(ghost.paidOut, 0, "open job paid");
            } else {
                assertEq(ghost.paidOut, ghost.escrow, "final job payout");
            }
        }
    }

    /// @notice The per-requester open-job counter matches the jobs' states.
    function invariant_activeJobsCountOpenJobs() public view {
        uint256 lastJob = dp.nextJobId();
        for (uint256 r; r < handler.rootsLength(); ++r) {
            bytes32 root = handler.roots(r);
            for (uint256 q; q < handler.requestersLength(); ++q) {
                address requester = handler.requesters(q);
                uint256 open;
                for (uint256 jobId = 1; jobId < lastJob; ++jobId) {
                    IDataPolicy.Job memory job = dp.getJob(jobId);
                    bool isOpen = job.state == IDataPolicy.JobState.Granted
                        || job.state == IDataPolicy.JobState.Running;
                    if (isOpen && handler.jobGhost(jobId).root == root && job.requester == requester) ++open;
                }
                assertEq(dp.activeJobs(root, requester), open, "activeJobs");
            }
        }
    }
}
