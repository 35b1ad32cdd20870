/** The parts of the 0G Flow contract ABI we call and the `Submit` event we read (current `submit(Submission)` layout, @0gfoundation/0g-ts-sdk 1.2.8). */
export const zgFlowAbi = [
  {
    type: 'function',
    name: 'market',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ name: '', type: 'address' }],
  },
  {
    type: 'function',
    name: 'submit',
    stateMutability: 'payable',
    inputs: [
      {
        name: 'submission',
        type: 'tuple',
        components: [
          {
            name: 'data',
            type: 'tuple',
            components: [
              { name: 'length', type: 'uint256' },
              { name: 'tags', type: 'bytes' },
              {
                name: 'nodes',
                type: 'tuple[]',
                components: [
                  { name: 'root', type: 'bytes32' },
                  { name: 'height', type: 'uint256' },
                ],
              },
            ],
          },
          { name: 'submitter', type: 'address' },
        ],
      },
    ],
    outputs: [
      { name: 'index', type: 'uint256' },
      { name: 'digest', type: 'bytes32' },
      { name: 'startIndex', type: 'uint256' },
      { name: 'length', type: 'uint256' },
    ],
  },
  {
    type: 'event',
    name: 'Submit',
    inputs: [
      { name: 'sender', type: 'address', indexed: true },
      { name: 'identity', type: 'bytes32', indexed: true },
      { name: 'submissionIndex', type: 'uint256', indexed: false },
      { name: 'startPos', type: 'uint256', indexed: false },
      { name: 'length', type: 'uint256', indexed: false },
      {
        name: 'submission',
        type: 'tuple',
        indexed: false,
        components: [
          { name: 'length', type: 'uint256' },
          { name: 'tags', type: 'bytes' },
          {
            name: 'nodes',
            type: 'tuple[]',
            components: [
              { name: 'root', type: 'bytes32' },
              { name: 'height', type: 'uint256' },
            ],
          },
        ],
      },
    ],
  },
] as const

/** The 0G fixed-price market: price per 256-byte sector. */
export const zgMarketAbi = [
  {
    type: 'function',
    name: 'pricePerSector',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ name: '', type: 'uint256' }],
  },
] as const
