import {
  type Account,
  type Address,
  type Chain,
  encodeErrorResult,
  type Hex,
  numberToHex,
  type PublicClient,
  type Transport,
  toEventSelector,
  toFunctionSelector,
  type WalletClient,
} from 'viem'
import { zgFlowAbi } from '../flowAbi.js'

type Op = string | { push: Hex; bytes: number } | { label: string } | { jumpTo: string }

const OPCODES: Record<string, number> = {
  STOP: 0x00,
  ADD: 0x01,
  SUB: 0x03,
  DIV: 0x04,
  EQ: 0x14,
  SHR: 0x1c,
  SHA3: 0x20,
  CALLER: 0x33,
  CALLVALUE: 0x34,
  CALLDATALOAD: 0x35,
  CALLDATASIZE: 0x36,
  CALLDATACOPY: 0x37,
  CODECOPY: 0x39,
  POP: 0x50,
  MSTORE: 0x52,
  SLOAD: 0x54,
  SSTORE: 0x55,
  JUMPI: 0x57,
  JUMPDEST: 0x5b,
  DUP1: 0x80,
  DUP3: 0x82,
  DUP4: 0x83,
  LOG3: 0xa3,
  RETURN: 0xf3,
  REVERT: 0xfd,
}

const push = (value: bigint | Hex, bytes: number): Op => ({
  push: typeof value === 'bigint' ? numberToHex(value, { size: bytes }) : value,
  bytes,
})

/** A two-pass assembler: labels resolve to PUSH2 offsets. */
function assemble(ops: Op[]): Hex {
  const size = (op: Op) =>
    typeof op === 'string' ? 1 : 'push' in op ? 1 + op.bytes : 'jumpTo' in op ? 3 : op.label ? 1 : 0
  const labels = new Map<string, number>()
  let offset = 0
  for (const op of ops) {
    if (typeof op === 'object' && 'label' in op) labels.set(op.label, offset)
    offset += size(op)
  }
  let code = ''
  for (const op of ops) {
    if (typeof op === 'string') code += OPCODES[op]!.toString(16).padStart(2, '0')
    else if ('push' in op)
      code += (0x5f + op.bytes).toString(16) + op.push.slice(2).padStart(op.bytes * 2, '0')
    else if ('jumpTo' in op) code += `61${labels.get(op.jumpTo)!.toString(16).padStart(4, '0')}`
    else code += '5b'
  }
  return `0x${code}`
}

/** Init code that deploys `runtime`. */
function deployCode(runtime: Hex): Hex {
  const length = (runtime.length - 2) / 2
  const init = `61${length.toString(16).padStart(4, '0')}80600c6000396000f3`
  return `0x${init}${runtime.slice(2)}`
}

/**
 * Runtime of a stand-in 0G Flow: `market()` returns the market; `submit(Submission)` numbers the submission,
 * advances the flow by `msg.value / price` sectors and emits the real `Submit` event (its data is the calldata's
 * SubmissionData, so its encoding is the contract's own).
 */
export function fakeFlowRuntime(market: Address, pricePerSector: bigint): Hex {
  const topic = toEventSelector(zgFlowAbi[2])
  return assemble([
    push(0n, 1),
    'CALLDATALOAD',
    push(0xe0n, 1),
    'SHR',
    'DUP1',
    push(toFunctionSelector('market()'), 4),
    'EQ',
    { jumpTo: 'market' },
    'JUMPI',
    push(toFunctionSelector(zgFlowAbi[1]), 4),
    'EQ',
    { jumpTo: 'submit' },
    'JUMPI',
    push(0n, 1),
    'DUP1',
    'REVERT',
    { label: 'market' },
    'POP',
    push(market, 20),
    push(0n, 1),
    'MSTORE',
    push(0x20n, 1),
    push(0n, 1),
    'RETURN',
    { label: 'submit' },
    push(0n, 1),
    'SLOAD',
    'DUP1',
    push(1n, 1),
    'ADD',
    push(0n, 1),
    'SSTORE',
    push(0n, 1),
    'MSTORE',
    push(pricePerSector, 32),
    'CALLVALUE',
    'DIV',
    'DUP1',
    push(0x40n, 1),
    'MSTORE',
    push(1n, 1),
    'SLOAD',
    'DUP1',
    push(0x20n, 1),
    'MSTORE',
    'ADD',
    push(1n, 1),
    'SSTORE',
    push(0x80n, 1),
    push(0x60n, 1),
    'MSTORE',
    push(0x24n, 1),
    'CALLDATALOAD',
    push(0x24n, 1),
    'ADD',
    'DUP1',
    'CALLDATASIZE',
    'SUB',
    'DUP1',
    'DUP3',
    push(0x80n, 1),
    'CALLDATACOPY',
    'DUP1',
    push(0x80n, 1),
    'SHA3',
    'CALLER',
    push(topic, 32),
    'DUP4',
    push(0x80n, 1),
    'ADD',
    push(0n, 1),
    'LOG3',
    'STOP',
  ])
}

/** Runtime of a Flow whose `submit` always reverts `NotEnoughFee(price, 1, 0)` (a price that moved on). */
export function notEnoughFeeFlowRuntime(market: Address, pricePerSector: bigint): Hex {
  const data = encodeErrorResult({
    abi: [
      {
        type: 'error',
        name: 'NotEnoughFee',
        inputs: [
          { name: 'price', type: 'uint256' },
          { name: 'amount', type: 'uint256' },
          { name: 'paid', type: 'uint256' },
        ],
      },
    ],
    errorName: 'NotEnoughFee',
    args: [pricePerSector, 1n, 0n],
  })
  const words = data.slice(2).padEnd(256, '0')
  const stores: Op[] = []
  for (let i = 0; i < 4; i++)
    stores.push(push(`0x${words.slice(i * 64, i * 64 + 64)}`, 32), push(BigInt(i * 32), 1), 'MSTORE')
  return assemble([
    push(0n, 1),
    'CALLDATALOAD',
    push(0xe0n, 1),
    'SHR',
    push(toFunctionSelector('market()'), 4),
    'EQ',
    { jumpTo: 'market' },
    'JUMPI',
    ...stores,
    push(BigInt((data.length - 2) / 2), 1),
    push(0n, 1),
    'REVERT',
    { label: 'market' },
    push(market, 20),
    push(0n, 1),
    'MSTORE',
    push(0x20n, 1),
    push(0n, 1),
    'RETURN',
  ])
}

/** Deploys a constant-price market and the stand-in Flow (or one that always answers NotEnoughFee). */
export async function deployFakeFlow(
  wallet: WalletClient<Transport, Chain | undefined, Account>,
  publicClient: PublicClient,
  pricePerSector: bigint,
  options: { notEnoughFee?: boolean } = {},
): Promise<Address> {
  const deploy = async (runtime: Hex) => {
    const hash = await wallet.sendTransaction({
      account: wallet.account,
      chain: wallet.chain,
      data: deployCode(runtime),
    })
    return (await publicClient.waitForTransactionReceipt({ hash })).contractAddress!
  }
  // Market: every call returns the price.
  const market = await deploy(
    assemble([push(pricePerSector, 32), push(0n, 1), 'MSTORE', push(0x20n, 1), push(0n, 1), 'RETURN']),
  )
  return deploy((options.notEnoughFee ? notEnoughFeeFlowRuntime : fakeFlowRuntime)(market, pricePerSector))
}
