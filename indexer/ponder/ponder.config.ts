// Ponder app config: one chain, one contract (DataPolicy), from the deployments file and the environment
// (see ../src/config.ts). Started by ../src/startIndexer.ts, which sets the environment.
import { dataPolicyAbi } from '@licen/contracts'
import { createConfig } from 'ponder'
import { parsePonderEnv } from '../src/config.js'

const settings = parsePonderEnv(process.env)
const { deployment } = settings

/** Anvil's chain id: a local chain can be reset under the same id, so its RPC answers are never cached. */
const localChainId = 31337

export default createConfig({
  database: settings.database,
  chains: {
    licen: {
      id: deployment.chainId,
      rpc: settings.rpcUrl,
      pollingInterval: settings.pollingIntervalMs,
      disableCache: deployment.chainId === localChainId,
      ...(settings.getLogsBlockRange === undefined
        ? {}
        : { ethGetLogsBlockRange: settings.getLogsBlockRange }),
    },
  },
  contracts: {
    DataPolicy: {
      chain: 'licen',
      abi: dataPolicyAbi,
      address: deployment.address,
      startBlock: Number(deployment.blockNumber),
    },
  },
})
