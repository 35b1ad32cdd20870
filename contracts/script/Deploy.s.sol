// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Script} from "forge-std/Script.sol";
import {VmSafe} from "forge-std/Vm.sol";
import {IDataPolicy} from "../src/IDataPolicy.sol";

/// @dev The admin surface DataPolicy inherits from Ownable2Step.
interface IOwnable2Step {
    function transferOwnership(address newOwner) external;
}

/// @title Deploy
/// @notice Deploys DataPolicy (the IR-built artifact), names the orchestrator, optionally allows an attestation
///         policy, and hands the admin role to `OWNER` (Ownable2Step: the owner must call `acceptOwnership`).
///         Two steps, because a script learns its transaction hash only after broadcasting (`--slow` sends one
///         transaction at a time: without it forge 1.7.1 can pair a transaction with another one's hash in the
///         broadcast log that `record()` reads):
///           bin/forge script script/Deploy.s.sol --rpc-url $RPC_URL --broadcast --slow
///           bin/forge script script/Deploy.s.sol --rpc-url $RPC_URL --sig 'record()'
///         `record()` writes deployments/<chainId>.json {chainId, address, blockNumber, transactionHash, abiHash}
///         (DEPLOYMENTS_DIR, under deployments/, overrides the folder).
///         Configuration (environment, read once): DEPLOYER_PRIVATE_KEY, OWNER, ORCHESTRATOR, and optionally
///         ATTESTATION_POLICY_HASH with ATTESTATION_POLICY_URI. On anvil (chain 31337) the first three default to
///         anvil's first dev account; on any other chain they are required.
contract Deploy is Script {
    uint256 internal constant ANVIL_CHAIN_ID = 31_337;
    uint256 internal constant ANVIL_KEY_0 =
        0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80;
    string internal constant ARTIFACT = "DataPolicy.sol:DataPolicy";
    string internal constant ABI_JSON = "ts/generated/dataPolicyAbi.json";

    struct Config {
        uint256 deployerKey;
        address owner;
        address orchestrator;
        bytes32 attestationPolicyHash;
        string attestationPolicyUri;
    }

    /// @notice Broadcasts the deployment and its configuration; returns the contract's address.
    function run() external returns (address dataPolicy) {
        Config memory config = readConfig();
        vm.startBroadcast(config.deployerKey);
        dataPolicy = deploy(config);
        vm.stopBroadcast();
    }

    /// @notice Writes deployments/<chainId>.json from the latest broadcast of `run()` on this chain.
    function record() external returns (string memory path) {
        VmSafe.BroadcastTxSummary memory summary =
            vm.getBroadcast("DataPolicy", uint64(block.chainid), VmSafe.BroadcastTxType.Create);
        require(summary.success, "Deploy: the latest DataPolicy deployment failed");
        require(
            summary.contractAddress.code.length != 0, "Deploy: no code at the recorded address on this chain"
        );
        string memory dir = vm.envOr("DEPLOYMENTS_DIR", string("deployments"));
        vm.createDir(dir, true);
        path = string.concat(dir, "/", vm.toString(block.chainid), ".json");
        vm.writeJson(
            deploymentJson(
                block.chainid, summary.contractAddress, summary.blockNumber, summary.txHash, abiHash()
            ),
            path
        );
    }

    /// @notice Deploys and configures DataPolicy as the current broadcaster (or caller, outside a broadcast).
    function deploy(Config memory config) public returns (address dataPolicy) {
        address deployer = vm.addr(config.deployerKey);
        bytes memory initCode = abi.encodePacked(vm.getCode(ARTIFACT), abi.encode(deployer));
        assembly ("memory-safe") {
            dataPolicy := create(0, add(initCode, 0x20), mload(initCode))
        }
        require(dataPolicy != address(0), "Deploy: DataPolicy constructor reverted");
        IDataPolicy(dataPolicy).setOrchestrator(config.orchestrator, true);
        if (config.attestationPolicyHash != bytes32(0)) {
            IDataPolicy(dataPolicy)
                .setAttestationPolicy(
                    config.attestationPolicyHash,
                    true,
                    config.attestationPolicyUri,
                    IDataPolicy.PolicyRole.Provider
                );
        }
        if (config.owner != deployer) IOwnable2Step(dataPolicy).transferOwnership(config.owner);
    }

    /// @notice Reads and checks the configuration from the environment.
    function readConfig() public view returns (Config memory config) {
        bool anvil = block.chainid == ANVIL_CHAIN_ID;
        config.deployerKey =
            anvil ? vm.envOr("DEPLOYER_PRIVATE_KEY", ANVIL_KEY_0) : vm.envUint("DEPLOYER_PRIVATE_KEY");
        address deployer = vm.addr(config.deployerKey);
        config.owner = anvil ? vm.envOr("OWNER", deployer) : vm.envAddress("OWNER");
        config.orchestrator = anvil ? vm.envOr("ORCHESTRATOR", deployer) : vm.envAddress("ORCHESTRATOR");
        config.attestationPolicyHash = vm.envOr("ATTESTATION_POLICY_HASH", bytes32(0));
        config.attestationPolicyUri = vm.envOr("ATTESTATION_POLICY_URI", string(""));
        require(config.owner != address(0), "Deploy: OWNER is the zero address");
        require(config.orchestrator != address(0), "Deploy: ORCHESTRATOR is the zero address");
        require(
            (config.attestationPolicyHash == bytes32(0)) == (bytes(config.attestationPolicyUri).length == 0),
            "Deploy: set ATTESTATION_POLICY_HASH and ATTESTATION_POLICY_URI together"
        );
    }

    /// @notice keccak256 of the compact ABI JSON written by scripts/gen.ts (equals `dataPolicyAbiHash` in TS).
    function abiHash() public view returns (bytes32) {
        return keccak256(bytes(vm.readFile(ABI_JSON)));
    }

    /// @notice The deployments file body (forge sorts the keys; `formatDeployment` in TS writes the same bytes).
    function deploymentJson(
        uint256 chainId,
        address dataPolicy,
        uint256 blockNumber,
        bytes32 transactionHash,
        bytes32 abiHash_
    ) public returns (string memory) {
        string memory key = "deployment";
        vm.serializeUint(key, "chainId", chainId);
        vm.serializeAddress(key, "address", dataPolicy);
        vm.serializeUint(key, "blockNumber", blockNumber);
        vm.serializeBytes32(key, "transactionHash", transactionHash);
        return vm.serializeBytes32(key, "abiHash", abiHash_);
    }
}
