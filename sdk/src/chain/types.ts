import type { dataPolicyAbi } from '@licen/contracts/abi'
import type { ContractFunctionReturnType } from 'viem'

/** The `Policy` struct (`IDataPolicy.Policy`) as viem decodes it: a dataset owner's terms for new jobs. */
export type Policy = ContractFunctionReturnType<typeof dataPolicyAbi, 'view', 'getPolicy'>

/** The `Dataset` struct (`IDataPolicy.Dataset`) as `getDataset` returns it (owner zero when unknown). */
export type Dataset = ContractFunctionReturnType<typeof dataPolicyAbi, 'view', 'getDataset'>

/** The `Job` struct (`IDataPolicy.Job`) as `getJob` returns it (`state` is the `JobState` enum value). */
export type Job = ContractFunctionReturnType<typeof dataPolicyAbi, 'view', 'getJob'>

/** The `Provider` struct (`IDataPolicy.Provider`) as `getProvider` returns it (operator zero when unknown). */
export type Provider = ContractFunctionReturnType<typeof dataPolicyAbi, 'view', 'getProvider'>

/** The `ReleaseKey` struct (`IDataPolicy.ReleaseKey`) as `getReleaseKey` returns it (status 0 when unknown). */
export type ReleaseKey = ContractFunctionReturnType<typeof dataPolicyAbi, 'view', 'getReleaseKey'>
