// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {IDataPolicyFull} from "./utils/IDataPolicyFull.sol";

/// @notice The contract's EIP-712 digests against frozen vectors (computed with viem, see the fixture's `source`)
///         and against forge's own EIP-712 implementation (`vm.eip712HashTypedData`) over fuzzed messages.
///         contracts/ts/eip712.test.ts checks the same vectors against the contract on anvil and against viem.
contract DataPolicyEip712Test is Test {
    IDataPolicyFull internal dp;
    string internal vectors;

    string internal constant DOMAIN_TYPE =
        '"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},{"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}]';
    string internal constant MANIFEST_TYPE =
        '"ResultManifest":[{"name":"jobId","type":"uint256"},{"name":"datasetRoot","type":"bytes32"},{"name":"resultRoot","type":"bytes32"},{"name":"codeHash","type":"bytes32"},{"name":"attestationRef","type":"bytes32"},{"name":"actualEpochs","type":"uint16"},{"name":"receiptsHead","type":"bytes32"}]';
    string internal constant RECEIPT_TYPE =
        '"EpochReceipt":[{"name":"jobId","type":"uint256"},{"name":"epoch","type":"uint16"},{"name":"samples","type":"uint64"},{"name":"lossMicro","type":"uint64"},{"name":"adapterHash","type":"bytes32"},{"name":"prevReceipt","type":"bytes32"}]';
    string internal constant FAILURE_TYPE =
        '"FailureReport":[{"name":"jobId","type":"uint256"},{"name":"reason","type":"bytes32"}]';

    struct Manifest {
        uint256 jobId;
        bytes32 datasetRoot;
        bytes32 resultRoot;
        bytes32 codeHash;
        bytes32 attestationRef;
        uint16 actualEpochs;
        bytes32 receiptsHead;
    }

    struct EpochReceipt {
        uint256 jobId;
        uint16 epoch;
        uint64 samples;
        uint64 lossMicro;
        bytes32 adapterHash;
        bytes32 prevReceipt;
    }

    function setUp() public {
        vectors = vm.readFile("test/fixtures/eip712-vectors.json");
        assertEq(vm.parseJsonUint(vectors, ".domain.chainId"), block.chainid);
        address at = vm.parseJsonAddress(vectors, ".domain.verifyingContract");
        deployCodeTo("DataPolicy.sol:DataPolicy", abi.encode(makeAddr("admin")), at);
        dp = IDataPolicyFull(at);
    }

    function test_hashResultManifest_matchesFrozenVector() public view {
        Manifest memory m = Manifest({
            jobId: vm.parseJsonUint(vectors, ".resultManifest.jobId"),
            datasetRoot: vm.parseJsonBytes32(vectors, ".resultManifest.datasetRoot"),
            resultRoot: vm.parseJsonBytes32(vectors, ".resultManifest.resultRoot"),
            codeHash: vm.parseJsonBytes32(vectors, ".resultManifest.codeHash"),
            attestationRef: vm.parseJsonBytes32(vectors, ".resultManifest.attestationRef"),
            actualEpochs: uint16(vm.parseJsonUint(vectors, ".resultManifest.actualEpochs")),
            receiptsHead: vm.parseJsonBytes32(vectors, ".resultManifest.receiptsHead")
        });
        bytes32 digest = vm.parseJsonBytes32(vectors, ".resultManifest.digest");
        assertEq(_contractManifestDigest(m), digest);
        assertEq(vm.eip712HashTypedData(_manifestJson(m)), digest);
    }

    function test_hashEpochReceipt_matchesFrozenVector() public view {
        EpochReceipt memory r = EpochReceipt({
            jobId: vm.parseJsonUint(vectors, ".epochReceipt.jobId"),
            epoch: uint16(vm.parseJsonUint(vectors, ".epochReceipt.epoch")),
            samples: uint64(vm.parseJsonUint(vectors, ".epochReceipt.samples")),
            lossMicro: uint64(vm.parseJsonUint(vectors, ".epochReceipt.lossMicro")),
            adapterHash: vm.parseJsonBytes32(vectors, ".epochReceipt.adapterHash"),
            prevReceipt: vm.parseJsonBytes32(vectors, ".epochReceipt.prevReceipt")
        });
        bytes32 digest = vm.parseJsonBytes32(vectors, ".epochReceipt.digest");
        assertEq(
            dp.hashEpochReceipt(r.jobId, r.epoch, r.samples, r.lossMicro, r.adapterHash, r.prevReceipt),
            digest
        );
        assertEq(vm.eip712HashTypedData(_receiptJson(r)), digest);
    }

    function test_hashFailureReport_matchesFrozenVector() public view {
        uint256 jobId = vm.parseJsonUint(vectors, ".failureReport.jobId");
        bytes32 reason = vm.parseJsonBytes32(vectors, ".failureReport.reason");
        assertEq(reason, bytes32("QUOTE_REJECTED"));
        bytes32 digest = vm.parseJsonBytes32(vectors, ".failureReport.digest");
        assertEq(dp.hashFailureReport(jobId, reason), digest);
        assertEq(vm.eip712HashTypedData(_failureJson(jobId, reason)), digest);
    }

    function testFuzz_hashResultManifest_matchesForge(Manifest memory m) public view {
        assertEq(_contractManifestDigest(m), vm.eip712HashTypedData(_manifestJson(m)));
    }

    function testFuzz_hashEpochReceipt_matchesForge(EpochReceipt memory r) public view {
        assertEq(
            dp.hashEpochReceipt(r.jobId, r.epoch, r.samples, r.lossMicro, r.adapterHash, r.prevReceipt),
            vm.eip712HashTypedData(_receiptJson(r))
        );
    }

    function testFuzz_hashFailureReport_matchesForge(uint256 jobId, bytes32 reason) public view {
        assertEq(dp.hashFailureReport(jobId, reason), vm.eip712HashTypedData(_failureJson(jobId, reason)));
    }

    function test_hashResultManifest_followsChainId() public {
        Manifest memory m;
        bytes32 onLocal = _contractManifestDigest(m);
        vm.chainId(16_661);
        bytes32 onOther = _contractManifestDigest(m);
        assertTrue(onLocal != onOther);
        assertEq(onOther, vm.eip712HashTypedData(_manifestJson(m)));
    }

    function _contractManifestDigest(Manifest memory m) internal view returns (bytes32) {
        return dp.hashResultManifest(
            m.jobId, m.datasetRoot, m.resultRoot, m.codeHash, m.attestationRef, m.actualEpochs, m.receiptsHead
        );
    }

    function _typedData(string memory types, string memory primaryType, string memory message)
        internal
        view
        returns (string memory)
    {
        return string.concat(
            '{"types":{',
            DOMAIN_TYPE,
            ",",
            types,
            '},"primaryType":"',
            primaryType,
            '","domain":{"name":"LICEN DataPolicy","version":"1","chainId":',
            vm.toString(block.chainid),
            ',"verifyingContract":"',
            vm.toString(address(dp)),
            '"},"message":',
            message,
            "}"
        );
    }

    function _manifestJson(Manifest memory m) internal view returns (string memory) {
        string memory message = string.concat(
            '{"jobId":"',
            vm.toString(m.jobId),
            '","datasetRoot":"',
            vm.toString(m.datasetRoot),
            '","resultRoot":"',
            vm.toString(m.resultRoot),
            '","codeHash":"',
            vm.toString(m.codeHash),
            '","attestationRef":"',
            vm.toString(m.attestationRef)
        );
        message = string.concat(
            message,
            '","actualEpochs":',
            vm.toString(uint256(m.actualEpochs)),
            ',"receiptsHead":"',
            vm.toString(m.receiptsHead),
            '"}'
        );
        return _typedData(MANIFEST_TYPE, "ResultManifest", message);
    }

    function _receiptJson(EpochReceipt memory r) internal view returns (string memory) {
        string memory message = string.concat(
            '{"jobId":"',
            vm.toString(r.jobId),
            '","epoch":',
            vm.toString(uint256(r.epoch)),
            ',"samples":"',
            vm.toString(uint256(r.samples)),
            '","lossMicro":"',
            vm.toString(uint256(r.lossMicro))
        );
        message = string.concat(
            message,
            '","adapterHash":"',
            vm.toString(r.adapterHash),
            '","prevReceipt":"',
            vm.toString(r.prevReceipt),
            '"}'
        );
        return _typedData(RECEIPT_TYPE, "EpochReceipt", message);
    }

    function _failureJson(uint256 jobId, bytes32 reason) internal view returns (string memory) {
        return _typedData(
            FAILURE_TYPE,
            "FailureReport",
            string.concat('{"jobId":"', vm.toString(jobId), '","reason":"', vm.toString(reason), '"}')
        );
    }
}
