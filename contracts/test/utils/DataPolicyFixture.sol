// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {IDataPolicy} from "../../src/IDataPolicy.sol";
import {IDataPolicyFull} from "./IDataPolicyFull.sol";

/// @notice Shared set-up for the DataPolicy suites: a deployed contract, an admin who allowed one attestation policy
///         and named an orchestrator, one registered provider and one registered dataset; plus helpers that walk a
///         job through its lifecycle. EIP-712 digests are computed here from the type strings, independently of the
///         contract's own `hash*` views.
abstract contract DataPolicyFixture is Test {
    IDataPolicyFull internal dp;

    address internal admin = makeAddr("admin");
    address internal orchestrator = makeAddr("orchestrator");
    address internal datasetOwner = makeAddr("datasetOwner");
    address internal operator = makeAddr("operator");
    address internal researcher = makeAddr("researcher");
    address internal treasury = makeAddr("treasury");
    address internal stranger = makeAddr("stranger");
    uint256 internal enclaveKey;
    address internal enclaveSigner;
    uint32 internal providerId;

    bytes32 internal constant ROOT = keccak256("licen/test/dataset-root");
    bytes32 internal constant MANIFEST = keccak256("licen/test/manifest");
    bytes32 internal constant ATTESTATION_POLICY = keccak256("licen/test/attestation-policy");
    bytes32 internal constant OTHER_ATTESTATION_POLICY = keccak256("licen/test/attestation-policy/other");
    bytes32 internal constant QUOTE_REF = keccak256("licen/test/quote");
    bytes32 internal constant RESULT_ROOT = keccak256("licen/test/result-root");
    bytes32 internal constant RECEIPTS_HEAD = keccak256("licen/test/receipts-head");
    bytes32 internal constant CODE_HASH = keccak256("licen/test/code-hash");
    bytes32 internal constant REASON = "QUOTE_REJECTED";
    string internal constant ENDPOINT = "https://provider.example/licen";
    uint96 internal constant ROYALTY = 1 ether;
    uint96 internal constant PRICE = 0.25 ether;
    uint16 internal constant MAX_EPOCHS = 10;
    uint16 internal constant MAX_ACTIVE = 2;
    uint32 internal constant TTL = 1 days;
    /// @dev Research (0) and evaluation (2) allowed; commercial (1) not.
    uint32 internal constant PURPOSES = 0x5;
    uint8 internal constant RESEARCH = 0;
    uint8 internal constant COMMERCIAL = 1;
    bytes internal constant RESULT_KEY =
        hex"02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5";

    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant MANIFEST_TYPEHASH = keccak256(
        "ResultManifest(uint256 jobId,bytes32 datasetRoot,bytes32 resultRoot,bytes32 codeHash,bytes32 attestationRef,uint16 actualEpochs,bytes32 receiptsHead)"
    );
    bytes32 internal constant RECEIPT_TYPEHASH = keccak256(
        "EpochReceipt(uint256 jobId,uint16 epoch,uint64 samples,uint64 lossMicro,bytes32 adapterHash,bytes32 prevReceipt)"
    );
    bytes32 internal constant FAILURE_TYPEHASH = keccak256("FailureReport(uint256 jobId,bytes32 reason)");

    function setUp() public virtual {
        dp = _deploy(admin);
        (enclaveSigner, enclaveKey) = makeAddrAndKey("enclave");
        vm.startPrank(admin);
        dp.setOrchestrator(orchestrator, true);
        dp.setAttestationPolicy(
            ATTESTATION_POLICY, true, "ipfs://attestation-policy", IDataPolicy.PolicyRole.Provider
        );
        vm.stopPrank();
        providerId = _registerProvider(operator, PRICE);
        _registerDataset(ROOT, _policy());
        vm.deal(researcher, 1000 ether);
    }

    /// @dev Deploys the IR-compiled artifact (the bytecode that ships), bubbling up a constructor revert.
    function _deploy(address initialOwner) internal returns (IDataPolicyFull) {
        bytes memory initCode =
            abi.encodePacked(vm.getCode("DataPolicy.sol:DataPolicy"), abi.encode(initialOwner));
        address deployed;
        assembly ("memory-safe") {
            deployed := create(0, add(initCode, 0x20), mload(initCode))
            if iszero(deployed) {
                returndatacopy(0, 0, returndatasize())
                revert(0, returndatasize())
            }
        }
        return IDataPolicyFull(deployed);
    }

    function _policy() internal pure returns (IDataPolicy.Policy memory) {
        return IDataPolicy.Policy({
            royaltyPerEpoch: ROYALTY,
            maxEpochsPerJob: MAX_EPOCHS,
            maxActiveJobsPerRequester: MAX_ACTIVE,
            sessionTtl: TTL,
            expiry: 0,
            allowedPurposes: PURPOSES,
            attestationPolicy: ATTESTATION_POLICY
        });
    }

    function _registerDataset(bytes32 root, IDataPolicy.Policy memory policy) internal {
        vm.prank(datasetOwner);
        dp.registerDataset(root, MANIFEST, policy);
    }

    function _registerProvider(address account, uint96 price) internal returns (uint32) {
        vm.prank(account);
        return dp.registerProvider(ENDPOINT, price);
    }

    function _escrow(uint16 epochs) internal pure returns (uint256) {
        return (uint256(ROYALTY) + PRICE) * epochs;
    }

    function _request(uint16 epochs) internal returns (uint256 jobId) {
        vm.prank(researcher);
        jobId = dp.requestAccess{value: _escrow(epochs)}(ROOT, RESEARCH, epochs, providerId, RESULT_KEY);
    }

    function _start(uint256 jobId) internal {
        vm.prank(orchestrator);
        dp.startJob(jobId, enclaveSigner, QUOTE_REF, ATTESTATION_POLICY);
    }

    function _requestAndStart(uint16 epochs) internal returns (uint256 jobId) {
        jobId = _request(epochs);
        _start(jobId);
    }

    function _confirm(uint256 jobId, uint16 actualEpochs) internal {
        dp.confirmTrainingComplete(
            jobId,
            actualEpochs,
            RESULT_ROOT,
            RECEIPTS_HEAD,
            CODE_HASH,
            _signManifest(enclaveKey, jobId, actualEpochs)
        );
    }

    function _domainSeparator() internal view returns (bytes32) {
        return keccak256(
            abi.encode(
                DOMAIN_TYPEHASH, keccak256("LICEN DataPolicy"), keccak256("1"), block.chainid, address(dp)
            )
        );
    }

    function _digest(bytes32 structHash) internal view returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", _domainSeparator(), structHash));
    }

    function _manifestDigest(uint256 jobId, bytes32 root, uint16 actualEpochs)
        internal
        view
        returns (bytes32)
    {
        return _digest(
            keccak256(
                abi.encode(
                    MANIFEST_TYPEHASH,
                    jobId,
                    root,
                    RESULT_ROOT,
                    CODE_HASH,
                    QUOTE_REF,
                    actualEpochs,
                    RECEIPTS_HEAD
                )
            )
        );
    }

    function _failureDigest(uint256 jobId, bytes32 reason) internal view returns (bytes32) {
        return _digest(keccak256(abi.encode(FAILURE_TYPEHASH, jobId, reason)));
    }

    function _sign(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _signManifest(uint256 key, uint256 jobId, uint16 actualEpochs)
        internal
        view
        returns (bytes memory)
    {
        return _sign(key, _manifestDigest(jobId, ROOT, actualEpochs));
    }

    function _signFailure(uint256 key, uint256 jobId, bytes32 reason) internal view returns (bytes memory) {
        return _sign(key, _failureDigest(jobId, reason));
    }

    function _err(bytes4 selector) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(selector);
    }
}
