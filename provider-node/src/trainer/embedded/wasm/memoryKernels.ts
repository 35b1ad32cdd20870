import { forCount, i32Local, kernelFunction } from './kernelFunction.js'
import { forLanes } from './lanes.js'
import { type FunctionBuilder, OP, OP_MEM } from './wasmBinary.js'

/** `copyBytes(to, from, bytes)`: memory.copy (overlap allowed). */
export function emitCopyBytes(): FunctionBuilder {
  const { f, p } = kernelFunction(['to', 'from', 'bytes'])
  f.get(p.to).get(p.from).get(p.bytes).op(OP.memoryCopy)
  return f
}

/** `zeroBytes(to, bytes)`: memory.fill with 0. */
export function emitZeroBytes(): FunctionBuilder {
  const { f, p } = kernelFunction(['to', 'bytes'])
  f.get(p.to).i32(0).get(p.bytes).op(OP.memoryFill)
  return f
}

/** `gatherRows(to, from, indices, count, width)`: row i of `to` = row `indices[i]` (i32) of `from`. */
export function emitGatherRows(): FunctionBuilder {
  const { f, p } = kernelFunction(['to', 'from', 'indices', 'count', 'width'])
  const i = i32Local(f)
  const rowBytes = i32Local(f)
  f.get(p.width).i32(2).op(OP.i32Shl).set(rowBytes)
  forCount(f, i, p.count, () => {
    f.get(p.to).get(i).get(rowBytes).op(OP.i32Mul).op(OP.i32Add)
    f.get(p.from).get(p.indices).get(i).i32(2).op(OP.i32Shl).op(OP.i32Add).mem(OP_MEM.i32Load, 2)
    f.get(rowBytes).op(OP.i32Mul).op(OP.i32Add)
    f.get(rowBytes).op(OP.memoryCopy)
  })
  return f
}

/** `scatterAddRows(to, from, indices, count, width)`: row `indices[i]` of `to` += row i of `from`. */
export function emitScatterAddRows(): FunctionBuilder {
  const { f, p } = kernelFunction(['to', 'from', 'indices', 'count', 'width'])
  const i = i32Local(f)
  const rowBytes = i32Local(f)
  const target = i32Local(f)
  const source = i32Local(f)
  f.get(p.width).i32(2).op(OP.i32Shl).set(rowBytes)
  forCount(f, i, p.count, () => {
    f.get(p.to).get(p.indices).get(i).i32(2).op(OP.i32Shl).op(OP.i32Add).mem(OP_MEM.i32Load, 2)
    f.get(rowBytes).op(OP.i32Mul).op(OP.i32Add).set(target)
    f.get(p.from).get(i).get(rowBytes).op(OP.i32Mul).op(OP.i32Add).set(source)
    forLanes(
      f,
      () => f.get(p.width),
      [target, source],
      (l) => {
        l.store(target, l.add(l.load(target), l.load(source)))
      },
    )
  })
  return f
}

/** `transpose(to, from, rows, columns, stride)`: `to[c·rows + r] = from[r·stride + c]`. */
export function emitTranspose(): FunctionBuilder {
  const { f, p } = kernelFunction(['to', 'from', 'rows', 'columns', 'stride'])
  const r = i32Local(f)
  const c = i32Local(f)
  forCount(f, r, p.rows, () => {
    forCount(f, c, p.columns, () => {
      f.get(p.to).get(c).get(p.rows).op(OP.i32Mul).get(r).op(OP.i32Add).i32(2).op(OP.i32Shl).op(OP.i32Add)
      f.get(p.from).get(r).get(p.stride).op(OP.i32Mul).get(c).op(OP.i32Add).i32(2).op(OP.i32Shl).op(OP.i32Add)
      f.mem(OP_MEM.f32Load, 2).mem(OP_MEM.f32Store, 2)
    })
  })
  return f
}

/** `scale(pointer, count, factor)`: multiplies `count` floats in place. */
export function emitScale(): FunctionBuilder {
  const { f, p } = kernelFunction(['pointer', 'count', 'factor'], ['factor'])
  forLanes(
    f,
    () => f.get(p.count),
    [p.pointer],
    (l) => {
      l.store(
        p.pointer,
        l.mul(
          l.load(p.pointer),
          l.broadcast(() => f.get(p.factor)),
        ),
      )
    },
  )
  return f
}

/** `accumulate(to, from, count)`: `to += from` over `count` floats. */
export function emitAccumulate(): FunctionBuilder {
  const { f, p } = kernelFunction(['to', 'from', 'count'])
  forLanes(
    f,
    () => f.get(p.count),
    [p.to, p.from],
    (l) => {
      l.store(p.to, l.add(l.load(p.to), l.load(p.from)))
    },
  )
  return f
}
