// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IDataPolicy} from "../../src/IDataPolicy.sol";

/// @notice IDataPolicy plus what DataPolicy inherits (Ownable2Step, ERC-5267) and its public constants.
/// @dev Tests talk to the deployed artifact through this interface instead of importing DataPolicy.sol, which would
///      pull every test into the slow IR compiler profile (see foundry.toml).
interface IDataPolicyFull is IDataPolicy {
    function owner() external view returns (address);
    function pendingOwner() external view returns (address);
    function transferOwnership(address newOwner) external;
    function acceptOwnership() external;
    function renounceOwnership() external;

    function eip712Domain()
        external
        view
        returns (
            bytes1 fields,
            string memory name,
            string memory version,
            uint256 chainId,
            address verifyingContract,
            bytes32 salt,
            uint256[] memory extensions
        );

    function MAX_FEE_BPS() external view returns (uint16);
    function MIN_SESSION_TTL() external view returns (uint32);
    function MAX_SESSION_TTL() external view returns (uint32);
    function MAX_ENDPOINT_LENGTH() external view returns (uint256);
    function RESULT_MANIFEST_TYPEHASH() external view returns (bytes32);
    function EPOCH_RECEIPT_TYPEHASH() external view returns (bytes32);
    function FAILURE_REPORT_TYPEHASH() external view returns (bytes32);
}
