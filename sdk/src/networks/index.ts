// `@licen/sdk/networks`: the networks LICEN knows by name (devnet, 0G galileo, 0G mainnet). One home, in
// `@licen/contracts/networks` (beside the deployments it records, and reachable by the deploy script, which cannot
// import the sdk); re-exported here for every client.
export {
  isLicenNetworkName,
  type LicenNetwork,
  type LicenNetworkName,
  type LicenNetworkStorage,
  licenNetwork,
  licenNetworkNames,
  licenNetworks,
} from '@licen/contracts/networks'
