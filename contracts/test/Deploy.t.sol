// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {Deploy} from "../script/Deploy.s.sol";
import {IDataPolicyFull} from "./utils/IDataPolicyFull.sol";

/// @notice The deploy script's configuration, deployment and record format (its broadcast and `record()` against
///         a live anvil are covered by contracts/ts/deployScript.test.ts).
contract DeployTest is Test, Deploy {
    uint256 internal deployerKey = 0xD3910;
    address internal deployer = vm.addr(0xD3910);
    address internal newOwner = makeAddr("owner");
    address internal orchestrator = makeAddr("orchestrator");
    bytes32 internal constant POLICY = keccak256("licen/test/attestation-policy");

    function test_deploy_configuresAndHandsOverOwnership() public {
        Config memory config = Config(deployerKey, newOwner, orchestrator, POLICY, "ipfs://policy");
        vm.startPrank(deployer);
        IDataPolicyFull dp = IDataPolicyFull(deploy(config));
        vm.stopPrank();

        assertEq(dp.owner(), deployer);
        assertEq(dp.pendingOwner(), newOwner);
        assertTrue(dp.isOrchestrator(orchestrator));
        assertTrue(dp.isAttestationPolicyAllowed(POLICY));
        // The shipped artifact (its runtime differs from the artifact's only in the EIP-712 immutables).
        assertEq(address(dp).code.length, vm.getDeployedCode("DataPolicy.sol:DataPolicy").length);
        vm.prank(newOwner);
        dp.acceptOwnership();
        assertEq(dp.owner(), newOwner);
    }

    function test_deploy_deployerStaysOwnerWithoutPolicy() public {
        vm.startPrank(deployer);
        IDataPolicyFull dp =
            IDataPolicyFull(deploy(Config(deployerKey, deployer, orchestrator, bytes32(0), "")));
        vm.stopPrank();
        assertEq(dp.owner(), deployer);
        assertEq(dp.pendingOwner(), address(0));
        assertFalse(dp.isAttestationPolicyAllowed(POLICY));
    }

    /// @dev One test: the environment is process-wide and forge runs tests in parallel.
    function test_readConfig_readsEnvironmentAndRejectsBadValues() public {
        vm.chainId(16_661);
        vm.setEnv("DEPLOYER_PRIVATE_KEY", vm.toString(deployerKey));
        vm.setEnv("OWNER", vm.toString(newOwner));
        vm.setEnv("ORCHESTRATOR", vm.toString(orchestrator));
        vm.setEnv("ATTESTATION_POLICY_HASH", vm.toString(POLICY));
        vm.setEnv("ATTESTATION_POLICY_URI", "ipfs://policy");
        Config memory config = readConfig();
        assertEq(config.deployerKey, deployerKey);
        assertEq(config.owner, newOwner);
        assertEq(config.orchestrator, orchestrator);
        assertEq(config.attestationPolicyHash, POLICY);
        assertEq(config.attestationPolicyUri, "ipfs://policy");

        vm.setEnv("ATTESTATION_POLICY_URI", "");
        vm.expectRevert(bytes("Deploy: set ATTESTATION_POLICY_HASH and ATTESTATION_POLICY_URI together"));
        this.readConfig();

        vm.setEnv("ATTESTATION_POLICY_HASH", vm.toString(bytes32(0)));
        vm.setEnv("ORCHESTRATOR", vm.toString(address(0)));
        vm.expectRevert(bytes("Deploy: ORCHESTRATOR is the zero address"));
        this.readConfig();

        vm.setEnv("ORCHESTRATOR", vm.toString(orchestrator));
        vm.setEnv("OWNER", vm.toString(address(0)));
        vm.expectRevert(bytes("Deploy: OWNER is the zero address"));
        this.readConfig();
    }

    function test_abiHash_hashesGeneratedAbiJson() public view {
        // Same value as `dataPolicyAbiHash` in ts/generated/dataPolicyAbi.ts (gen.ts --check keeps them in step).
        string memory generated = vm.readFile("ts/generated/dataPolicyAbi.ts");
        assertGt(vm.indexOf(generated, vm.toString(abiHash())), 0);
    }

    function test_deploymentJson_matchesTsWriter() public {
        string memory json = deploymentJson(
            31_337,
            0x5FbDB2315678afecb367f032d93F642f64180aa3,
            1,
            0x1111111111111111111111111111111111111111111111111111111111111111,
            0x2222222222222222222222222222222222222222222222222222222222222222
        );
        assertEq(vm.parseJsonUint(json, ".chainId"), 31_337);
        assertEq(vm.parseJsonAddress(json, ".address"), 0x5FbDB2315678afecb367f032d93F642f64180aa3);
        assertEq(vm.parseJsonUint(json, ".blockNumber"), 1);
        assertEq(
            vm.parseJsonBytes32(json, ".transactionHash"),
            0x1111111111111111111111111111111111111111111111111111111111111111
        );
        assertEq(
            vm.parseJsonBytes32(json, ".abiHash"),
            0x2222222222222222222222222222222222222222222222222222222222222222
        );
        assertEq(vm.parseJsonKeys(json, "$").length, 5);
    }
}
