import { SEGMENT_SIZE } from './constants.js'
import { KECCAK_WASM_INPUT_BASE } from './wasm/keccakWat.js'

/**
 * Source of the segment-root worker, one script for Node worker_threads (`eval: true`) and browser Web Workers
 * (from a Blob URL), so no bundler has to find a worker file. Protocol: `{type: 'init', module}` → `{type: 'ready'}`;
 * `{type: 'job', id, buffer, length}` (length a multiple of the segment size) → `{type: 'done', id, roots, buffer}`
 * with the input buffer transferred back, or `{type: 'failed', id, message}`.
 */
export const rootWorkerSource = `'use strict';
const SEGMENT_SIZE = ${SEGMENT_SIZE};
const INPUT = ${KECCAK_WASM_INPUT_BASE};
const isNode = typeof self === 'undefined';
const port = isNode ? require('node:worker_threads').parentPort : self;
const post = (message, transfer) => port.postMessage(message, transfer || []);
let wasm;
async function handle(message) {
  if (message.type === 'init') {
    wasm = (await WebAssembly.instantiate(message.module)).exports;
    post({ type: 'ready' });
    return;
  }
  const { id, buffer, length } = message;
  try {
    const count = length / SEGMENT_SIZE;
    if (!wasm || !Number.isInteger(count) || length > buffer.byteLength) throw new Error('bad job');
    const output = INPUT + length;
    const needed = output + count * 32;
    const have = wasm.memory.buffer.byteLength;
    if (needed > have) wasm.memory.grow(Math.ceil((needed - have) / 65536));
    const memory = new Uint8Array(wasm.memory.buffer);
    memory.set(new Uint8Array(buffer, 0, length), INPUT);
    wasm.segmentRoots(INPUT, count, output);
    const roots = memory.slice(output, needed);
    post({ type: 'done', id, roots, buffer }, [roots.buffer, buffer]);
  } catch (error) {
    post({ type: 'failed', id, message: String(error && error.message) });
  }
}
if (isNode) port.on('message', handle);
else port.onmessage = (event) => handle(event.data);
`
