import { forCount, i32Local, kernelFunction } from './kernelFunction.js'
import { forLanes } from './lanes.js'
import { type FunctionBuilder, OP, OP_MEM } from './wasmBinary.js'

/**
 * `rotary(x, rows, width, headDim, positions, cos, sin, sign)`: rotates each head of each row in place at its
 * position (i32 `positions[row]`, tables `[position, headDim]`): `x1 ← x1·c − x2·s`, `x2 ← x2·c + x1·s` over the two
 * halves, with `s = sign·sin` (sign −1 applies the transpose, for gradients).
 */
export function emitRotary(): FunctionBuilder {
  const { f, p } = kernelFunction(
    ['x', 'rows', 'width', 'headDim', 'positions', 'cos', 'sin', 'sign'],
    ['sign'],
  )
  const row = i32Local(f)
  const head = i32Local(f)
  const heads = i32Local(f)
  const half = i32Local(f)
  const table = i32Local(f)
  const p1 = i32Local(f)
  const p2 = i32Local(f)
  const pc = i32Local(f)
  const ps = i32Local(f)
  const bytes = (local: number) => f.get(local).i32(2).op(OP.i32Shl)
  f.get(p.headDim).i32(1).op(OP.i32ShrS).set(half)
  f.get(p.width).get(p.headDim).op(OP.i32DivS).set(heads)
  forCount(f, row, p.rows, () => {
    f.get(p.positions).mem(OP_MEM.i32Load, 2).get(p.headDim).op(OP.i32Mul).i32(2).op(OP.i32Shl).set(table)
    forCount(f, head, heads, () => {
      f.get(p.x).get(row).get(p.width).op(OP.i32Mul).get(head).get(p.headDim).op(OP.i32Mul).op(OP.i32Add)
      f.i32(2).op(OP.i32Shl).op(OP.i32Add).set(p1)
      f.get(p1)
      bytes(half)
      f.op(OP.i32Add).set(p2)
      f.get(p.cos).get(table).op(OP.i32Add).set(pc)
      f.get(p.sin).get(table).op(OP.i32Add).set(ps)
      forLanes(
        f,
        () => f.get(half),
        [p1, p2, pc, ps],
        (l) => {
          const c = l.let(l.load(pc))
          const s = l.let(
            l.mul(
              l.load(ps),
              l.broadcast(() => f.get(p.sign)),
            ),
          )
          const x1 = l.let(l.load(p1))
          const x2 = l.let(l.load(p2))
          l.store(p1, l.sub(l.mul(x1, c), l.mul(x2, s)))
          l.store(p2, l.add(l.mul(x2, c), l.mul(x1, s)))
        },
      )
    })
    f.get(p.positions).i32(4).op(OP.i32Add).set(p.positions)
  })
  return f
}
