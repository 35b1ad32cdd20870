// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IDataPolicy} from "../src/IDataPolicy.sol";
import {DataPolicyFixture} from "./utils/DataPolicyFixture.sol";

/// @notice Attestation policy roles, the release-key registry and manifest updates (#13).
contract DataPolicyReleaseKeysTest is DataPolicyFixture {
    bytes32 internal constant ORCHESTRATOR_POLICY = keccak256("licen/test/orchestrator-policy");
    bytes32 internal constant EVIDENCE = keccak256("licen/test/release-key/evidence");
    bytes32 internal constant NEW_MANIFEST = keccak256("licen/test/manifest/2");
    /// @dev secp256k1 2·G and 3·G, compressed.
    bytes internal constant KEY_A = hex"02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5";
    bytes internal constant KEY_B = hex"02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9";
    /// @dev An odd-y key (prefix 0x03).
    bytes internal constant KEY_ODD = hex"03e493dbf1c10d80f3581e4904930b1404cc6c13900ee0758474fa94abe8c4cd13";

    function setUp() public override {
        super.setUp();
        vm.prank(admin);
        dp.setAttestationPolicy(
            ORCHESTRATOR_POLICY, true, "ipfs://orchestrator-policy", IDataPolicy.PolicyRole.Orchestrator
        );
    }

    /*//////////////////////////////////////////////////////////////
                          attestation policy roles
    //////////////////////////////////////////////////////////////*/

    function test_setAttestationPolicy_recordsRole() public {
        assertEq(uint8(dp.attestationPolicyRole(ATTESTATION_POLICY)), uint8(IDataPolicy.PolicyRole.Provider));
        assertEq(
            uint8(dp.attestationPolicyRole(ORCHESTRATOR_POLICY)), uint8(IDataPolicy.PolicyRole.Orchestrator)
        );
        assertEq(
            uint8(dp.attestationPolicyRole(OTHER_ATTESTATION_POLICY)), uint8(IDataPolicy.PolicyRole.None)
        );

        vm.expectEmit(address(dp));
        emit IDataPolicy.AttestationPolicySet(
            ORCHESTRATOR_POLICY, false, "ipfs://off", IDataPolicy.PolicyRole.Orchestrator
        );
        vm.prank(admin);
        dp.setAttestationPolicy(ORCHESTRATOR_POLICY, false, "ipfs://off", IDataPolicy.PolicyRole.Orchestrator);
        // Disallowing keeps the role.
        assertFalse(dp.isAttestationPolicyAllowed(ORCHESTRATOR_POLICY));
        assertEq(
            uint8(dp.attestationPolicyRole(ORCHESTRATOR_POLICY)), uint8(IDataPolicy.PolicyRole.Orchestrator)
        );
    }

    function test_RevertIf_setAttestationPolicy_roleNone() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__InvalidPolicyRole.selector,
                OTHER_ATTESTATION_POLICY,
                IDataPolicy.PolicyRole.None,
                IDataPolicy.PolicyRole.None
            )
        );
        vm.prank(admin);
        dp.setAttestationPolicy(OTHER_ATTESTATION_POLICY, true, "", IDataPolicy.PolicyRole.None);
    }

    function test_RevertIf_setAttestationPolicy_roleChanged() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__InvalidPolicyRole.selector,
                ATTESTATION_POLICY,
                IDataPolicy.PolicyRole.Provider,
                IDataPolicy.PolicyRole.Orchestrator
            )
        );
        vm.prank(admin);
        dp.setAttestationPolicy(ATTESTATION_POLICY, true, "", IDataPolicy.PolicyRole.Orchestrator);
    }

    function test_RevertIf_startJob_orchestratorPolicy() public {
        IDataPolicy.Policy memory open = _policy();
        open.attestationPolicy = bytes32(0); // accepts any allowed policy, yet never an orchestrator one
        bytes32 root = keccak256("licen/test/open");
        _registerDataset(root, open);
        vm.prank(researcher);
        uint256 jobId = dp.requestAccess{value: _escrow(1)}(root, RESEARCH, 1, providerId, RESULT_KEY);
        vm.expectRevert(_wrongRole(ORCHESTRATOR_POLICY, IDataPolicy.PolicyRole.Provider));
        vm.prank(orchestrator);
        dp.startJob(jobId, enclaveSigner, QUOTE_REF, ORCHESTRATOR_POLICY);
    }

    function test_RevertIf_registerDataset_orchestratorPolicy() public {
        IDataPolicy.Policy memory policy = _policy();
        policy.attestationPolicy = ORCHESTRATOR_POLICY;
        vm.expectRevert(_wrongRole(ORCHESTRATOR_POLICY, IDataPolicy.PolicyRole.Provider));
        vm.prank(datasetOwner);
        dp.registerDataset(keccak256("licen/test/other-root"), MANIFEST, policy);
    }

    function test_RevertIf_updatePolicy_orchestratorPolicy() public {
        IDataPolicy.Policy memory policy = _policy();
        policy.attestationPolicy = ORCHESTRATOR_POLICY;
        vm.expectRevert(_wrongRole(ORCHESTRATOR_POLICY, IDataPolicy.PolicyRole.Provider));
        vm.prank(datasetOwner);
        dp.updatePolicy(ROOT, policy);
    }

    /*//////////////////////////////////////////////////////////////
                           registerReleaseKey
    //////////////////////////////////////////////////////////////*/

    function test_registerReleaseKey_storesAndEmits() public {
        assertEq(dp.nextReleaseKeyId(), 1);
        vm.roll(42);
        vm.expectEmit(address(dp));
        emit IDataPolicy.ReleaseKeyRegistered(1, ORCHESTRATOR_POLICY, KEY_A, EVIDENCE);
        vm.prank(admin);
        uint32 keyId = dp.registerReleaseKey(KEY_A, EVIDENCE, ORCHESTRATOR_POLICY);
        assertEq(keyId, 1);
        assertEq(dp.nextReleaseKeyId(), 2);
        IDataPolicy.ReleaseKey memory key = dp.getReleaseKey(1);
        assertEq(key.publicKey, KEY_A);
        assertEq(key.evidenceRef, EVIDENCE);
        assertEq(key.policyHash, ORCHESTRATOR_POLICY);
        assertEq(uint8(key.status), uint8(IDataPolicy.ReleaseKeyStatus.Active));
        assertEq(key.registeredAt, 42);
        (uint32 currentId, IDataPolicy.ReleaseKey memory current) = dp.currentReleaseKey();
        assertEq(currentId, 1);
        assertEq(abi.encode(current), abi.encode(key));
    }

    function test_registerReleaseKey_oddPrefix() public {
        uint32 keyId = _registerKey(KEY_ODD);
        assertEq(dp.getReleaseKey(keyId).publicKey, KEY_ODD);
    }

    function testFuzz_registerReleaseKey_roundTripsKey(bytes32 x, bool odd) public {
        bytes memory publicKey = abi.encodePacked(odd ? bytes1(0x03) : bytes1(0x02), x);
        uint32 keyId = _registerKey(publicKey);
        assertEq(dp.getReleaseKey(keyId).publicKey, publicKey);
    }

    function test_getReleaseKey_unknownIsEmpty() public view {
        IDataPolicy.ReleaseKey memory key = dp.getReleaseKey(7);
        assertEq(key.publicKey.length, 0);
        assertEq(key.evidenceRef, bytes32(0));
        assertEq(key.policyHash, bytes32(0));
        assertEq(uint8(key.status), uint8(IDataPolicy.ReleaseKeyStatus.None));
        assertEq(key.registeredAt, 0);
    }

    function test_RevertIf_registerReleaseKey_notOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, orchestrator));
        vm.prank(orchestrator);
        dp.registerReleaseKey(KEY_A, EVIDENCE, ORCHESTRATOR_POLICY);
    }

    function test_RevertIf_registerReleaseKey_wrongLength() public {
        bytes[4] memory keys = [
            bytes(""),
            abi.encodePacked(bytes1(0x02), bytes31(0)),
            abi.encodePacked(KEY_A, bytes1(0x01)),
            abi.encodePacked(bytes1(0x04), keccak256("x"), keccak256("y"))
        ];
        for (uint256 i; i < keys.length; ++i) {
            vm.expectRevert(_err(IDataPolicy.DataPolicy__InvalidReleaseKey.selector));
            vm.prank(admin);
            dp.registerReleaseKey(keys[i], EVIDENCE, ORCHESTRATOR_POLICY);
        }
    }

    function test_RevertIf_registerReleaseKey_wrongPrefix() public {
        bytes1[3] memory prefixes = [bytes1(0x00), bytes1(0x04), bytes1(0x01)];
        for (uint256 i; i < prefixes.length; ++i) {
            vm.expectRevert(_err(IDataPolicy.DataPolicy__InvalidReleaseKey.selector));
            vm.prank(admin);
            dp.registerReleaseKey(
                abi.encodePacked(prefixes[i], keccak256("x")), EVIDENCE, ORCHESTRATOR_POLICY
            );
        }
    }

    function test_RevertIf_registerReleaseKey_zeroEvidence() public {
        vm.expectRevert(_err(IDataPolicy.DataPolicy__ZeroHash.selector));
        vm.prank(admin);
        dp.registerReleaseKey(KEY_A, bytes32(0), ORCHESTRATOR_POLICY);
    }

    function test_RevertIf_registerReleaseKey_providerPolicy() public {
        vm.expectRevert(_wrongRole(ATTESTATION_POLICY, IDataPolicy.PolicyRole.Orchestrator));
        vm.prank(admin);
        dp.registerReleaseKey(KEY_A, EVIDENCE, ATTESTATION_POLICY);
    }

    function test_RevertIf_registerReleaseKey_policyNotAllowed() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__AttestationPolicyNotAllowed.selector, OTHER_ATTESTATION_POLICY
            )
        );
        vm.prank(admin);
        dp.registerReleaseKey(KEY_A, EVIDENCE, OTHER_ATTESTATION_POLICY);

        vm.startPrank(admin);
        dp.setAttestationPolicy(ORCHESTRATOR_POLICY, false, "", IDataPolicy.PolicyRole.Orchestrator);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataPolicy.DataPolicy__AttestationPolicyNotAllowed.selector, ORCHESTRATOR_POLICY
            )
        );
        dp.registerReleaseKey(KEY_A, EVIDENCE, ORCHESTRATOR_POLICY);
        vm.stopPrank();
    }

    function test_RevertIf_registerReleaseKey_registeredBefore() public {
        _registerKey(KEY_A);
        vm.startPrank(admin);
        dp.revokeReleaseKey(1);
        // A revoked key never comes back, under any evidence.
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__ReleaseKeyExists.selector, uint32(1)));
        dp.registerReleaseKey(KEY_A, keccak256("licen/test/other-evidence"), ORCHESTRATOR_POLICY);
        vm.stopPrank();
    }

    /*//////////////////////////////////////////////////////////////
                  retireReleaseKey / revokeReleaseKey
    //////////////////////////////////////////////////////////////*/

    function test_currentReleaseKey_newestActive() public {
        _registerKey(KEY_A);
        _registerKey(KEY_B);
        _registerKey(KEY_ODD);
        (uint32 currentId,) = dp.currentReleaseKey();
        assertEq(currentId, 3);

        vm.startPrank(admin);
        dp.retireReleaseKey(3);
        (currentId,) = dp.currentReleaseKey();
        assertEq(currentId, 2);
        dp.revokeReleaseKey(2);
        IDataPolicy.ReleaseKey memory key;
        (currentId, key) = dp.currentReleaseKey();
        assertEq(currentId, 1);
        assertEq(key.publicKey, KEY_A);
        dp.retireReleaseKey(1);
        vm.stopPrank();
        vm.expectRevert(_err(IDataPolicy.DataPolicy__NoActiveReleaseKey.selector));
        dp.currentReleaseKey();
    }

    function test_RevertIf_currentReleaseKey_noneRegistered() public {
        vm.expectRevert(_err(IDataPolicy.DataPolicy__NoActiveReleaseKey.selector));
        dp.currentReleaseKey();
    }

    function test_retireReleaseKey_marksRetired() public {
        _registerKey(KEY_A);
        vm.expectEmit(address(dp));
        emit IDataPolicy.ReleaseKeyRetired(1);
        vm.prank(admin);
        dp.retireReleaseKey(1);
        IDataPolicy.ReleaseKey memory key = dp.getReleaseKey(1);
        assertEq(uint8(key.status), uint8(IDataPolicy.ReleaseKeyStatus.Retired));
        assertEq(key.publicKey, KEY_A);
        assertEq(key.evidenceRef, EVIDENCE);
    }

    function test_revokeReleaseKey_fromActiveAndRetired() public {
        _registerKey(KEY_A);
        _registerKey(KEY_B);
        vm.startPrank(admin);
        vm.expectEmit(address(dp));
        emit IDataPolicy.ReleaseKeyRevoked(1);
        dp.revokeReleaseKey(1);
        dp.retireReleaseKey(2);
        vm.expectEmit(address(dp));
        emit IDataPolicy.ReleaseKeyRevoked(2);
        dp.revokeReleaseKey(2);
        vm.stopPrank();
        assertEq(uint8(dp.getReleaseKey(1).status), uint8(IDataPolicy.ReleaseKeyStatus.Revoked));
        assertEq(uint8(dp.getReleaseKey(2).status), uint8(IDataPolicy.ReleaseKeyStatus.Revoked));
    }

    function test_RevertIf_retireReleaseKey_notActive() public {
        _registerKey(KEY_A);
        vm.startPrank(admin);
        dp.retireReleaseKey(1);
        vm.expectRevert(_badStatus(1, IDataPolicy.ReleaseKeyStatus.Retired));
        dp.retireReleaseKey(1);
        dp.revokeReleaseKey(1);
        vm.expectRevert(_badStatus(1, IDataPolicy.ReleaseKeyStatus.Revoked));
        dp.retireReleaseKey(1);
        vm.stopPrank();
    }

    function test_RevertIf_revokeReleaseKey_revoked() public {
        _registerKey(KEY_A);
        vm.startPrank(admin);
        dp.revokeReleaseKey(1);
        vm.expectRevert(_badStatus(1, IDataPolicy.ReleaseKeyStatus.Revoked));
        dp.revokeReleaseKey(1);
        vm.stopPrank();
    }

    function test_RevertIf_retireOrRevoke_unknownKey() public {
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__UnknownReleaseKey.selector, uint32(1)));
        dp.retireReleaseKey(1);
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__UnknownReleaseKey.selector, uint32(0)));
        dp.revokeReleaseKey(0);
        vm.stopPrank();
    }

    function test_RevertIf_retireOrRevoke_notOwner() public {
        _registerKey(KEY_A);
        vm.startPrank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        dp.retireReleaseKey(1);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        dp.revokeReleaseKey(1);
        vm.stopPrank();
    }

    /*//////////////////////////////////////////////////////////////
                             updateManifest
    //////////////////////////////////////////////////////////////*/

    function test_updateManifest_newJobsOnly() public {
        uint256 before = _request(1);
        IDataPolicy.Policy memory terms = _policy();
        vm.expectEmit(address(dp));
        emit IDataPolicy.PolicyUpdated(ROOT, 2, terms);
        vm.expectEmit(address(dp));
        emit IDataPolicy.ManifestUpdated(ROOT, 2, NEW_MANIFEST, MANIFEST);
        vm.prank(datasetOwner);
        assertEq(dp.updateManifest(ROOT, NEW_MANIFEST), 2);
        uint256 afterUpdate = _request(1);

        IDataPolicy.Dataset memory dataset = dp.getDataset(ROOT);
        assertEq(dataset.manifestHash, NEW_MANIFEST);
        assertEq(dataset.policyVersion, 2);
        assertEq(abi.encode(dp.getPolicy(ROOT, 2)), abi.encode(dp.getPolicy(ROOT, 1)));
        assertEq(dp.getJob(before).policyVersion, 1);
        assertEq(dp.getJob(afterUpdate).policyVersion, 2);
        assertEq(dp.manifestAt(ROOT, dp.getJob(before).policyVersion), MANIFEST);
        assertEq(dp.manifestAt(ROOT, dp.getJob(afterUpdate).policyVersion), NEW_MANIFEST);
        // The job granted before the update still starts and settles under its terms.
        _start(before);
        _confirm(before, 1);
    }

    function test_manifestAt_acrossPolicyAndManifestUpdates() public {
        IDataPolicy.Policy memory terms = _policy();
        terms.royaltyPerEpoch = 2 ether;
        bytes32 third = keccak256("licen/test/manifest/3");
        vm.startPrank(datasetOwner);
        dp.updatePolicy(ROOT, terms); // v2: MANIFEST
        dp.updateManifest(ROOT, NEW_MANIFEST); // v3
        dp.updatePolicy(ROOT, _policy()); // v4: NEW_MANIFEST
        dp.updateManifest(ROOT, third); // v5
        vm.stopPrank();
        assertEq(dp.manifestAt(ROOT, 0), bytes32(0));
        assertEq(dp.manifestAt(ROOT, 1), MANIFEST);
        assertEq(dp.manifestAt(ROOT, 2), MANIFEST);
        assertEq(dp.manifestAt(ROOT, 3), NEW_MANIFEST);
        assertEq(dp.manifestAt(ROOT, 4), NEW_MANIFEST);
        assertEq(dp.manifestAt(ROOT, 5), third);
        assertEq(dp.manifestAt(ROOT, 6), bytes32(0));
        assertEq(dp.getPolicy(ROOT, 3).royaltyPerEpoch, 2 ether);
        assertEq(dp.manifestAt(keccak256("licen/test/unknown"), 1), bytes32(0));
    }

    /// @dev Any interleaving of policy and manifest updates: every version maps to the manifest current when it opened.
    function testFuzz_manifestAt_followsEveryVersion(uint256 seed, uint8 steps) public {
        steps = uint8(bound(steps, 1, 24));
        bytes32[] memory expected = new bytes32[](uint256(steps) + 2);
        expected[1] = MANIFEST;
        bytes32 current = MANIFEST;
        vm.startPrank(datasetOwner);
        for (uint256 i; i < steps; ++i) {
            uint16 version;
            if (uint256(keccak256(abi.encode(seed, i))) % 2 == 0) {
                current = keccak256(abi.encode("manifest", seed, i));
                version = dp.updateManifest(ROOT, current);
            } else {
                version = dp.updatePolicy(ROOT, _policy());
            }
            expected[version] = current;
        }
        vm.stopPrank();
        uint16 last = dp.getDataset(ROOT).policyVersion;
        assertEq(last, uint256(steps) + 1);
        assertEq(dp.getDataset(ROOT).manifestHash, current);
        for (uint16 v = 1; v <= last; ++v) {
            assertEq(dp.manifestAt(ROOT, v), expected[v]);
        }
        assertEq(dp.manifestAt(ROOT, last + 1), bytes32(0));
    }

    function test_RevertIf_updateManifest_notOwner() public {
        vm.expectRevert(
            abi.encodeWithSelector(IDataPolicy.DataPolicy__NotDatasetOwner.selector, ROOT, stranger)
        );
        vm.prank(stranger);
        dp.updateManifest(ROOT, NEW_MANIFEST);
    }

    function test_RevertIf_updateManifest_unknownDataset() public {
        bytes32 root = keccak256("licen/test/unknown");
        vm.expectRevert(abi.encodeWithSelector(IDataPolicy.DataPolicy__UnknownDataset.selector, root));
        vm.prank(datasetOwner);
        dp.updateManifest(root, NEW_MANIFEST);
    }

    function test_RevertIf_updateManifest_zeroHash() public {
        vm.expectRevert(_err(IDataPolicy.DataPolicy__ZeroHash.selector));
        vm.prank(datasetOwner);
        dp.updateManifest(ROOT, bytes32(0));
    }

    function _registerKey(bytes memory publicKey) internal returns (uint32) {
        vm.prank(admin);
        return dp.registerReleaseKey(publicKey, EVIDENCE, ORCHESTRATOR_POLICY);
    }

    function _wrongRole(bytes32 policyHash, IDataPolicy.PolicyRole required)
        internal
        view
        returns (bytes memory)
    {
        return abi.encodeWithSelector(
            IDataPolicy.DataPolicy__AttestationPolicyWrongRole.selector,
            policyHash,
            required,
            dp.attestationPolicyRole(policyHash)
        );
    }

    function _badStatus(uint32 keyId, IDataPolicy.ReleaseKeyStatus status)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(IDataPolicy.DataPolicy__InvalidReleaseKeyStatus.selector, keyId, status);
    }
}
