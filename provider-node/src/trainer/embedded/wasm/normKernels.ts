import { forCount, i32Local, kernelFunction } from './kernelFunction.js'
import { forLanes, reduceLanes } from './lanes.js'
import { type FunctionBuilder, OP, OP_MEM, ValType } from './wasmBinary.js'

/**
 * `rmsNormForward(x, weight, out, inverse, rows, width, eps)`: per row, `r = 1/√(mean(x²) + eps)` (kept in
 * `inverse[row]`) and `out = x·r·weight`.
 */
export function emitRmsNormForward(): FunctionBuilder {
  const { f, p } = kernelFunction(['x', 'weight', 'out', 'inverse', 'rows', 'width', 'eps'], ['eps'])
  const row = i32Local(f)
  const px = i32Local(f)
  const pw = i32Local(f)
  const r = f.local(ValType.f32)
  forCount(f, row, p.rows, () => {
    f.get(p.x).set(px)
    const squares = reduceLanes(
      f,
      () => f.get(p.width),
      [px],
      'add',
      (l) => l.mul(l.load(px), l.load(px)),
    )
    f.f32(1).get(squares).get(p.width).op(OP.f32ConvertI32S).op(OP.f32Div).get(p.eps).op(OP.f32Add)
    f.op(OP.f32Sqrt).op(OP.f32Div).set(r)
    f.get(p.inverse).get(r).mem(OP_MEM.f32Store, 2)
    f.get(p.weight).set(pw)
    forLanes(
      f,
      () => f.get(p.width),
      [p.x, pw, p.out],
      (l) => {
        l.store(
          p.out,
          l.mul(
            l.mul(
              l.load(p.x),
              l.broadcast(() => f.get(r)),
            ),
            l.load(pw),
          ),
        )
      },
    )
    f.get(p.inverse).i32(4).op(OP.i32Add).set(p.inverse)
  })
  return f
}

/**
 * `rmsNormBackward(x, weight, inverse, dy, dx, rows, width, accumulate)`: per row, with `g = dy·weight` and
 * `x̂ = x·r`, `dx (+)= r·(g − x̂·mean(g·x̂))`.
 */
export function emitRmsNormBackward(): FunctionBuilder {
  const { f, p } = kernelFunction(['x', 'weight', 'inverse', 'dy', 'dx', 'rows', 'width', 'accumulate'])
  const row = i32Local(f)
  const px = i32Local(f)
  const pw = i32Local(f)
  const pdy = i32Local(f)
  const r = f.local(ValType.f32)
  const mean = f.local(ValType.f32)
  forCount(f, row, p.rows, () => {
    f.get(p.inverse).mem(OP_MEM.f32Load, 2).set(r)
    f.get(p.x).set(px)
    f.get(p.weight).set(pw)
    f.get(p.dy).set(pdy)
    const dot = reduceLanes(
      f,
      () => f.get(p.width),
      [px, pw, pdy],
      'add',
      (l) => l.mul(l.mul(l.load(pdy), l.load(pw)), l.load(px)),
    )
    f.get(dot).get(r).op(OP.f32Mul).get(p.width).op(OP.f32ConvertI32S).op(OP.f32Div).set(mean)
    const pass = (accumulate: boolean) => () => {
      f.get(p.weight).set(pw)
      forLanes(
        f,
        () => f.get(p.width),
        [p.x, pw, p.dy, p.dx],
        (l) => {
          const rr = l.let(l.broadcast(() => f.get(r)))
          const g = l.mul(l.load(p.dy), l.load(pw))
          const value = l.mul(
            rr,
            l.sub(
              g,
              l.mul(
                l.mul(l.load(p.x), rr),
                l.broadcast(() => f.get(mean)),
              ),
            ),
          )
          l.store(p.dx, accumulate ? l.add(l.load(p.dx), value) : value)
        },
      )
    }
    f.get(p.accumulate).ifElse(pass(true), pass(false))
    f.get(p.inverse).i32(4).op(OP.i32Add).set(p.inverse)
  })
  return f
}
