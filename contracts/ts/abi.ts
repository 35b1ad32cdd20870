// `@licen/contracts/abi`: what DataPolicy.sol fixes for every client, Node-free (browser-safe, no side effects):
// the generated ABI and its hash, and the EIP-712 type table. Anvil and deploy helpers stay on the root entry.
export { dataPolicyDomainName, dataPolicyDomainVersion, dataPolicyTypes } from './eip712Types.js'
export { dataPolicyAbi, dataPolicyAbiHash } from './generated/dataPolicyAbi.js'
