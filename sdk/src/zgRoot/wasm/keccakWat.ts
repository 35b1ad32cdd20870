/**
 * Source of the batch Keccak-256 WebAssembly module, as WebAssembly text.
 *
 * The module hashes two independent messages at once: each 64-bit Keccak lane is an `i64x2` (lane 0 = message A,
 * lane 1 = message B), so one pass of Keccak-f[1600] over SIMD registers advances two hashes. 0G roots hash
 * millions of independent 256-byte leaves and 64-byte node pairs, which is exactly this shape. The permutation is
 * emitted inline (one round body in a loop) by this generator rather than written by hand.
 *
 * Memory layout: [0, 192) round constants, [1024, 1024 + 32 KiB) scratch for one segment's leaf hashes,
 * [INPUT_BASE, …) free for the caller (input and output buffers).
 */

/** Byte offset where callers may place their buffers in the module's memory. */
export const KECCAK_WASM_INPUT_BASE = 65_536

const SCRATCH = 1024
const SEGMENT_CHUNKS = 1024

// Keccak-f[1600] round constants (FIPS 202).
const ROUND_CONSTANTS = [
  0x0000000000000001n,
  0x0000000000008082n,
  0x800000000000808an,
  0x8000000080008000n,
  0x000000000000808bn,
  0x0000000080000001n,
  0x8000000080008081n,
  0x8000000000008009n,
  0x000000000000008an,
  0x0000000000000088n,
  0x0000000080008009n,
  0x000000008000000an,
  0x000000008000808bn,
  0x800000000000008bn,
  0x8000000000008089n,
  0x8000000000008003n,
  0x8000000000008002n,
  0x8000000000000080n,
  0x000000000000800an,
  0x800000008000000an,
  0x8000000080008081n,
  0x8000000000008080n,
  0x0000000080000001n,
  0x8000000080008008n,
]

// Rotation offsets r[x + 5y] (FIPS 202, rho step).
const ROTATIONS = [
  0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
]

const a = (i: number) => `(local.get $a${i})`
const b = (i: number) => `(local.get $b${i})`
const xor = (x: string, y: string) => `(v128.xor ${x} ${y})`

function rotl(x: string, n: number): string {
  if (n === 0) return x
  return `(v128.or (i64x2.shl ${x} (i32.const ${n})) (i64x2.shr_u ${x} (i32.const ${64 - n})))`
}

function localDecls(): string {
  const names: string[] = []
  for (let i = 0; i < 25; i++) names.push(`$a${i}`, `$b${i}`)
  for (let i = 0; i < 5; i++) names.push(`$c${i}`, `$d${i}`)
  return `${names.map((n) => `(local ${n} v128)`).join(' ')} (local $r i32)`
}

/** One Keccak-f[1600] permutation of the 25 `$a` locals (24 rounds in a loop). */
function permutation(): string {
  const out: string[] = ['(local.set $r (i32.const 0))', '(loop $rounds']
  // theta
  for (let x = 0; x < 5; x++) {
    out.push(`(local.set $c${x} ${xor(xor(xor(xor(a(x), a(x + 5)), a(x + 10)), a(x + 15)), a(x + 20))})`)
  }
  for (let x = 0; x < 5; x++) {
    out.push(
      `(local.set $d${x} ${xor(`(local.get $c${(x + 4) % 5})`, rotl(`(local.get $c${(x + 1) % 5})`, 1))})`,
    )
  }
  // theta apply + rho + pi: B[y, 2x + 3y] = rotl(A[x, y] ^ D[x], r[x, y])
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 5; x++) {
      const src = x + 5 * y
      const dst = y + 5 * ((2 * x + 3 * y) % 5)
      out.push(`(local.set $b${dst} ${rotl(xor(a(src), `(local.get $d${x})`), ROTATIONS[src]!)})`)
    }
  }
  // chi: A[x, y] = B[x, y] ^ (~B[x + 1, y] & B[x + 2, y]); v128.andnot(p, q) = p & ~q
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 5; x++) {
      const i = x + 5 * y
      const i1 = ((x + 1) % 5) + 5 * y
      const i2 = ((x + 2) % 5) + 5 * y
      out.push(`(local.set $a${i} ${xor(b(i), `(v128.andnot ${b(i2)} ${b(i1)})`)})`)
    }
  }
  // iota
  out.push(`(local.set $a0 ${xor(a(0), '(v128.load64_splat (local.get $r))')})`)
  out.push('(br_if $rounds (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 8))) (i32.const 192)))')
  out.push(')')
  return out.join('\n')
}

/** Lane j of messages at $pa and $pb, as one i64x2. */
function loadPair(offset: number): string {
  return `(i64x2.replace_lane 1 (i64x2.splat (i64.load offset=${offset} (local.get $pa))) (i64.load offset=${offset} (local.get $pb)))`
}

const splat = (v: bigint) => `(i64x2.splat (i64.const ${BigInt.asIntN(64, v)}))`
const PAD_END = 0x8000000000000000n

function zeroState(from: number): string {
  const out: string[] = []
  for (let i = from; i < 25; i++) out.push(`(local.set $a${i} (v128.const i64x2 0 0))`)
  return out.join('\n')
}

/** Writes the 32-byte digests of lanes A and B to $oa and $ob. */
function squeeze(): string {
  const out: string[] = []
  for (let j = 0; j < 4; j++) {
    out.push(`(i64.store offset=${8 * j} (local.get $oa) (i64x2.extract_lane 0 ${a(j)}))`)
    out.push(`(i64.store offset=${8 * j} (local.get $ob) (i64x2.extract_lane 1 ${a(j)}))`)
  }
  return out.join('\n')
}

/**
 * A function hashing `n` messages of `size` bytes (256 or 64) from `in` to 32-byte digests at `out`, two at a time.
 * The last message of an odd count is hashed in both lanes. Output may overlap input at the same or lower address.
 */
function batchFunction(name: string, size: 256 | 64): string {
  const absorb: string[] = []
  if (size === 256) {
    // block 1: bytes [0, 136) = lanes 0..16
    for (let j = 0; j < 17; j++) absorb.push(`(local.set $a${j} ${loadPair(8 * j)})`)
    absorb.push(zeroState(17), permutation())
    // block 2: bytes [136, 256) = lanes 0..14, then padding 0x01 at byte 120 and 0x80 at byte 135 of the block
    for (let j = 0; j < 15; j++) absorb.push(`(local.set $a${j} ${xor(a(j), loadPair(136 + 8 * j))})`)
    absorb.push(`(local.set $a15 ${xor(a(15), splat(1n))})`)
    absorb.push(`(local.set $a16 ${xor(a(16), splat(PAD_END))})`)
  } else {
    for (let j = 0; j < 8; j++) absorb.push(`(local.set $a${j} ${loadPair(8 * j)})`)
    absorb.push(`(local.set $a8 ${splat(1n)})`, zeroState(9))
    absorb.push(`(local.set $a16 ${splat(PAD_END)})`)
  }
  return `(func $${name} (export "${name}") (param $in i32) (param $n i32) (param $out i32)
  (local $pa i32) (local $pb i32) (local $oa i32) (local $ob i32) (local $i i32)
  ${localDecls()}
  (block $done
    (loop $each
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $pa (i32.add (local.get $in) (i32.mul (local.get $i) (i32.const ${size}))))
      (local.set $oa (i32.add (local.get $out) (i32.mul (local.get $i) (i32.const 32))))
      (if (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $n))
        (then
          (local.set $pb (i32.add (local.get $pa) (i32.const ${size})))
          (local.set $ob (i32.add (local.get $oa) (i32.const 32))))
        (else
          (local.set $pb (local.get $pa))
          (local.set $ob (local.get $oa))))
      ${absorb.join('\n')}
      ${permutation()}
      ${squeeze()}
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $each)))
)`
}

function segmentRootsFunction(): string {
  return `(func $segmentRoots (export "segmentRoots") (param $in i32) (param $n i32) (param $out i32)
  (local $s i32) (local $width i32)
  (block $done
    (loop $each
      (br_if $done (i32.ge_u (local.get $s) (local.get $n)))
      (call $hashLeaves
        (i32.add (local.get $in) (i32.mul (local.get $s) (i32.const ${SEGMENT_CHUNKS * 256})))
        (i32.const ${SEGMENT_CHUNKS})
        (i32.const ${SCRATCH}))
      (local.set $width (i32.const ${SEGMENT_CHUNKS / 2}))
      (loop $levels
        (call $hashPairs (i32.const ${SCRATCH}) (local.get $width) (i32.const ${SCRATCH}))
        (br_if $levels (local.tee $width (i32.shr_u (local.get $width) (i32.const 1)))))
      (memory.copy (i32.add (local.get $out) (i32.mul (local.get $s) (i32.const 32))) (i32.const ${SCRATCH}) (i32.const 32))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $each)))
)`
}

function roundConstantData(): string {
  const bytes: string[] = []
  for (const rc of ROUND_CONSTANTS) {
    for (let k = 0n; k < 8n; k++) bytes.push(`\\${((rc >> (8n * k)) & 0xffn).toString(16).padStart(2, '0')}`)
  }
  return `(data (i32.const 0) "${bytes.join('')}")`
}

/** Returns the WebAssembly text of the batch Keccak-256 module (deterministic). */
export function keccakWat(): string {
  return `;; Generated by sdk/src/zgRoot/wasm/keccakWat.ts: batch Keccak-256 over i64x2 lanes (two messages at once).
(module
(memory (export "memory") 2)
${roundConstantData()}
${batchFunction('hashLeaves', 256)}
${batchFunction('hashPairs', 64)}
${segmentRootsFunction()}
)
`
}
