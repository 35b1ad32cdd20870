// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Vm} from "forge-std/Vm.sol";
import {IDataPolicy} from "../../src/IDataPolicy.sol";

/// @notice Rebuilds DataPolicy's state from its logs alone, the way the indexer must: no calls to the contract.
///         Whatever the contract does not emit cannot be rebuilt here, so the replay test comparing this model
///         with the contract's views is the contract's promise to the indexer.
contract EventIndexer {
    struct DatasetRow {
        address owner;
        bool active;
        uint16 policyVersion;
        bytes32 manifestHash;
    }

    /// @dev AccessGranted's non-indexed head, in event order (the trailing `bytes resultPubKey` is read separately).
    struct GrantHead {
        uint32 providerId;
        uint16 epochs;
        uint8 purposeId;
        uint96 royaltyPerEpoch;
        uint96 pricePerEpoch;
        uint16 policyVersion;
        uint16 feeBps;
        uint40 deadline;
    }

    /// @dev JobCompleted's non-indexed fields, in event order.
    struct Completion {
        uint16 actualEpochs;
        bytes32 resultRoot;
        bytes32 receiptsHead;
        bytes32 codeHash;
        uint256 ownerAmount;
        uint256 providerAmount;
        uint256 feeAmount;
        uint256 refund;
    }

    address public immutable source;

    bytes32[] public roots;
    /// @dev Commitments in first-commit order (their block is the log's, which `Vm.Log` does not carry).
    bytes32[] public commitments;
    mapping(bytes32 root => DatasetRow) internal _datasets;
    mapping(bytes32 root => mapping(uint16 version => IDataPolicy.Policy)) internal _policies;
    mapping(uint32 providerId => IDataPolicy.Provider) internal _providers;
    uint32 public providerCount;
    mapping(uint256 jobId => IDataPolicy.Job) internal _jobs;
    /// @dev The dataset owner a job was granted under: its royalty goes there even after a displacement.
    mapping(uint256 jobId => address owner) internal _jobOwners;
    uint256 public jobCount;
    mapping(bytes32 root => mapping(address requester => uint16)) public activeJobs;
    mapping(address account => uint256) public credits;
    address[] public accounts;
    mapping(address account => bool) internal _known;
    mapping(bytes32 policyHash => bool) public allowedPolicies;
    mapping(bytes32 policyHash => IDataPolicy.PolicyRole) public policyRoles;
    /// @dev `registeredAt` stays zero: it is the log's block, which `Vm.Log` does not carry.
    mapping(uint32 keyId => IDataPolicy.ReleaseKey) internal _releaseKeys;
    uint32 public releaseKeyCount;
    bytes32[] public policyHashes;
    mapping(address account => bool) public orchestrators;
    address[] public orchestratorAccounts;
    mapping(address account => bool) internal _seenOrchestrator;
    uint16 public feeBps;
    address public treasury;
    address public owner;
    address public pendingOwner;

    constructor(address source_) {
        source = source_;
    }

    /// @notice Applies `logs` in order, skipping logs of other contracts.
    function ingest(Vm.Log[] memory logs) external {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == source) _apply(logs[i]);
        }
    }

    function dataset(bytes32 root) external view returns (DatasetRow memory) {
        return _datasets[root];
    }

    function policy(bytes32 root, uint16 version) external view returns (IDataPolicy.Policy memory) {
        return _policies[root][version];
    }

    function provider(uint32 providerId) external view returns (IDataPolicy.Provider memory) {
        return _providers[providerId];
    }

    function releaseKey(uint32 keyId) external view returns (IDataPolicy.ReleaseKey memory) {
        return _releaseKeys[keyId];
    }

    function job(uint256 jobId) external view returns (IDataPolicy.Job memory) {
        return _jobs[jobId];
    }

    function commitmentCount() external view returns (uint256) {
        return commitments.length;
    }

    function rootCount() external view returns (uint256) {
        return roots.length;
    }

    function accountCount() external view returns (uint256) {
        return accounts.length;
    }

    function policyHashCount() external view returns (uint256) {
        return policyHashes.length;
    }

    function orchestratorCount() external view returns (uint256) {
        return orchestratorAccounts.length;
    }

    function _apply(Vm.Log memory log) internal {
        bytes32 topic = log.topics[0];
        if (topic == IDataPolicy.DatasetRegistered.selector) {
            bytes32 root = log.topics[1];
            (bytes32 manifestHash, IDataPolicy.Policy memory terms) =
                abi.decode(log.data, (bytes32, IDataPolicy.Policy));
            _datasets[root] = DatasetRow(_address(log.topics[2]), true, 1, manifestHash);
            _policies[root][1] = terms;
            roots.push(root);
        } else if (topic == IDataPolicy.DatasetCommitted.selector) {
            commitments.push(log.topics[1]);
        } else if (topic == IDataPolicy.DatasetOwnerReplaced.selector) {
            bytes32 root = log.topics[1];
            (bytes32 manifestHash, uint16 version, IDataPolicy.Policy memory terms) =
                abi.decode(log.data, (bytes32, uint16, IDataPolicy.Policy));
            _datasets[root] = DatasetRow(_address(log.topics[3]), true, version, manifestHash);
            _policies[root][version] = terms;
        } else if (topic == IDataPolicy.PolicyUpdated.selector) {
            uint16 version = uint16(uint256(log.topics[2]));
            _policies[log.topics[1]][version] = abi.decode(log.data, (IDataPolicy.Policy));
            _datasets[log.topics[1]].policyVersion = version;
        } else if (topic == IDataPolicy.DatasetActiveSet.selector) {
            _datasets[log.topics[1]].active = abi.decode(log.data, (bool));
        } else if (topic == IDataPolicy.ProviderRegistered.selector) {
            uint32 providerId = uint32(uint256(log.topics[1]));
            (string memory endpoint, uint96 price) = abi.decode(log.data, (string, uint96));
            _providers[providerId] = IDataPolicy.Provider(_address(log.topics[2]), true, price, endpoint);
            providerCount = providerId;
        } else if (topic == IDataPolicy.ProviderUpdated.selector) {
            IDataPolicy.Provider storage row = _providers[uint32(uint256(log.topics[1]))];
            (row.endpoint, row.pricePerEpoch) = abi.decode(log.data, (string, uint96));
        } else if (topic == IDataPolicy.ProviderActiveSet.selector) {
            _providers[uint32(uint256(log.topics[1]))].active = abi.decode(log.data, (bool));
        } else if (topic == IDataPolicy.AttestationPolicySet.selector) {
            (bool allowed,, IDataPolicy.PolicyRole role) =
                abi.decode(log.data, (bool, string, IDataPolicy.PolicyRole));
            if (!_contains(policyHashes, log.topics[1])) policyHashes.push(log.topics[1]);
            allowedPolicies[log.topics[1]] = allowed;
            policyRoles[log.topics[1]] = role;
        } else if (topic == IDataPolicy.ManifestUpdated.selector) {
            (bytes32 manifestHash,) = abi.decode(log.data, (bytes32, bytes32));
            _datasets[log.topics[1]].manifestHash = manifestHash;
        } else if (topic == IDataPolicy.ReleaseKeyRegistered.selector) {
            uint32 keyId = uint32(uint256(log.topics[1]));
            (bytes memory publicKey, bytes32 evidenceRef) = abi.decode(log.data, (bytes, bytes32));
            _releaseKeys[keyId] = IDataPolicy.ReleaseKey(
                publicKey, evidenceRef, log.topics[2], IDataPolicy.ReleaseKeyStatus.Active, 0
            );
            releaseKeyCount = keyId;
        } else if (topic == IDataPolicy.ReleaseKeyRetired.selector) {
            _releaseKeys[uint32(uint256(log.topics[1]))].status = IDataPolicy.ReleaseKeyStatus.Retired;
        } else if (topic == IDataPolicy.ReleaseKeyRevoked.selector) {
            _releaseKeys[uint32(uint256(log.topics[1]))].status = IDataPolicy.ReleaseKeyStatus.Revoked;
        } else if (topic == IDataPolicy.OrchestratorSet.selector) {
            address account = _address(log.topics[1]);
            if (!_seenOrchestrator[account]) {
                _seenOrchestrator[account] = true;
                orchestratorAccounts.push(account);
            }
            orchestrators[account] = abi.decode(log.data, (bool));
        } else if (topic == IDataPolicy.ProtocolFeeSet.selector) {
            feeBps = abi.decode(log.data, (uint16));
            treasury = _address(log.topics[1]);
        } else if (topic == IDataPolicy.AccessGranted.selector) {
            _grant(log);
        } else if (topic == IDataPolicy.JobStarted.selector) {
            IDataPolicy.Job storage row = _jobs[uint256(log.topics[1])];
            row.state = IDataPolicy.JobState.Running;
            row.enclaveSigner = _address(log.topics[2]);
            (row.attestationRef,) = abi.decode(log.data, (bytes32, bytes32));
        } else if (topic == IDataPolicy.JobCompleted.selector) {
            _complete(uint256(log.topics[1]), abi.decode(log.data, (Completion)));
        } else if (topic == IDataPolicy.JobFailed.selector) {
            (,, uint256 refund) = abi.decode(log.data, (bytes32, bool, uint256));
            _close(uint256(log.topics[1]), IDataPolicy.JobState.Failed, refund);
        } else if (topic == IDataPolicy.JobReclaimed.selector) {
            _close(uint256(log.topics[1]), IDataPolicy.JobState.Reclaimed, abi.decode(log.data, (uint256)));
        } else if (topic == IDataPolicy.Withdrawn.selector) {
            credits[_address(log.topics[1])] -= abi.decode(log.data, (uint256));
        } else if (topic == Ownable.OwnershipTransferred.selector) {
            owner = _address(log.topics[2]);
            pendingOwner = address(0);
        } else if (topic == Ownable2Step.OwnershipTransferStarted.selector) {
            pendingOwner = _address(log.topics[2]);
        } else {
            revert("EventIndexer: unknown event");
        }
    }

    function _grant(Vm.Log memory log) internal {
        uint256 jobId = uint256(log.topics[1]);
        bytes32 root = log.topics[2];
        address requester = _address(log.topics[3]);
        GrantHead memory head = abi.decode(log.data, (GrantHead));
        bytes memory resultPubKey = _bytesAt(log.data, 8);
        IDataPolicy.Job storage row = _jobs[jobId];
        row.datasetRoot = root;
        row.requester = requester;
        row.deadline = head.deadline;
        row.providerId = head.providerId;
        row.epochs = head.epochs;
        row.state = IDataPolicy.JobState.Granted;
        row.royaltyPerEpoch = head.royaltyPerEpoch;
        row.pricePerEpoch = head.pricePerEpoch;
        row.policyVersion = head.policyVersion;
        row.feeBps = head.feeBps;
        row.purposeId = head.purposeId;
        row.resultKeyTag = bytes12(keccak256(resultPubKey));
        _jobOwners[jobId] = _datasets[root].owner;
        jobCount = jobId;
        ++activeJobs[root][requester];
    }

    function _complete(uint256 jobId, Completion memory completion) internal {
        IDataPolicy.Job storage row = _jobs[jobId];
        row.state = IDataPolicy.JobState.Completed;
        row.actualEpochs = completion.actualEpochs;
        --activeJobs[row.datasetRoot][row.requester];
        _credit(_jobOwners[jobId], completion.ownerAmount);
        _credit(_providers[row.providerId].operator, completion.providerAmount);
        _credit(treasury, completion.feeAmount);
        _credit(row.requester, completion.refund);
    }

    function _close(uint256 jobId, IDataPolicy.JobState state, uint256 refund) internal {
        IDataPolicy.Job storage row = _jobs[jobId];
        row.state = state;
        --activeJobs[row.datasetRoot][row.requester];
        _credit(row.requester, refund);
    }

    function _credit(address account, uint256 amount) internal {
        if (amount == 0) return;
        if (!_known[account]) {
            _known[account] = true;
            accounts.push(account);
        }
        credits[account] += amount;
    }

    /// @dev Reads the dynamic `bytes` whose offset sits in head word `word` of ABI-encoded `data`.
    function _bytesAt(bytes memory data, uint256 word) internal pure returns (bytes memory out) {
        require((word + 1) * 0x20 <= data.length, "EventIndexer: bad offset");
        uint256 offset;
        assembly ("memory-safe") {
            offset := mload(add(add(data, 0x20), mul(word, 0x20)))
        }
        require(offset + 0x20 <= data.length, "EventIndexer: bad offset");
        uint256 length;
        assembly ("memory-safe") {
            length := mload(add(add(data, 0x20), offset))
        }
        require(offset + 0x20 + length <= data.length, "EventIndexer: bad length");
        out = new bytes(length);
        for (uint256 i; i < length; ++i) {
            out[i] = data[offset + 0x20 + i];
        }
    }

    function _address(bytes32 topic) internal pure returns (address) {
        return address(uint160(uint256(topic)));
    }

    function _contains(bytes32[] storage list, bytes32 value) internal view returns (bool) {
        for (uint256 i; i < list.length; ++i) {
            if (list[i] == value) return true;
        }
        return false;
    }
}
