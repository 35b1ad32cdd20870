import {
  type Anvil,
  anvilPrivateKeys,
  type DataPolicyDeployment,
  deployDataPolicy,
  type StartAnvilParameters,
  startAnvil,
} from '@licen/contracts'
import {
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'

/** A local anvil node with the viem clients a test needs to drive it. */
export type AnvilChain = {
  anvil: Anvil
  rpcUrl: string
  chainId: number
  /** This anvil as a viem chain (its id and RPC URL). */
  chain: Chain
  /** A public client on {@link AnvilChain.chain} that polls every `pollingIntervalMs` (default 50 ms). */
  publicClient: PublicClient<Transport, Chain>
  /** A wallet client for anvil's dev account `index` (0 to 9, `anvilPrivateKeys`). */
  wallet: (index: number) => WalletClient<Transport, Chain, PrivateKeyAccount>
  /** Stops anvil; resolves once it exited. */
  stop: () => Promise<void>
}

/** An {@link AnvilChain} with DataPolicy deployed by anvil account 0, which is its admin. */
export type DataPolicyChain = AnvilChain & { deployment: DataPolicyDeployment; dataPolicy: Address }

/** Parameters of {@link startAnvilChain}: anvil's own, and how often the public client polls. */
export type StartAnvilChainParameters = StartAnvilParameters & { pollingIntervalMs?: number | undefined }

/** Starts anvil (`startAnvil` of `@licen/contracts`) and resolves with its chain and clients. */
export async function startAnvilChain(parameters: StartAnvilChainParameters = {}): Promise<AnvilChain> {
  const { pollingIntervalMs = 50, ...anvilParameters } = parameters
  const anvil = await startAnvil(anvilParameters)
  try {
    const transport = http(anvil.rpcUrl)
    const chainId = parameters.chainId ?? (await createPublicClient({ transport }).getChainId())
    const chain = defineChain({
      id: chainId,
      name: 'anvil',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [anvil.rpcUrl] } },
    })
    return {
      anvil,
      rpcUrl: anvil.rpcUrl,
      chainId,
      chain,
      publicClient: createPublicClient({ chain, transport, pollingInterval: pollingIntervalMs }),
      wallet: (index) => {
        const key = anvilPrivateKeys[index]
        if (key === undefined) throw new RangeError(`anvil has dev accounts 0 to 9, not ${index}`)
        return createWalletClient({ chain, transport, account: privateKeyToAccount(key) })
      },
      stop: () => anvil.stop(),
    }
  } catch (error) {
    await anvil.stop()
    throw error
  }
}

/** Starts anvil and deploys DataPolicy from anvil account 0; anvil is stopped again when the deployment fails. */
export async function startDataPolicyChain(
  parameters: StartAnvilChainParameters = {},
): Promise<DataPolicyChain> {
  const chain = await startAnvilChain(parameters)
  try {
    const deployment = await deployDataPolicy({ rpcUrl: chain.rpcUrl, privateKey: anvilPrivateKeys[0] })
    return { ...chain, deployment, dataPolicy: deployment.address }
  } catch (error) {
    await chain.stop()
    throw error
  }
}
