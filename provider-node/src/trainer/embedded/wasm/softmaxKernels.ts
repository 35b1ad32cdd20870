import { forCount, i32Local, kernelFunction } from './kernelFunction.js'
import { forLanes, reduceLanes } from './lanes.js'
import { type FunctionBuilder, OP, OP_MEM, ValType } from './wasmBinary.js'

/**
 * `softmaxCausal(scores, rows, keys, positions, scale)`: row i of `[rows, keys]` becomes the softmax of
 * `scale·row[0..positions[i]]` (i32 positions), zeros after.
 */
export function emitSoftmaxCausal(): FunctionBuilder {
  const { f, p } = kernelFunction(['scores', 'rows', 'keys', 'positions', 'scale'], ['scale'])
  const row = i32Local(f)
  const valid = i32Local(f)
  const pointer = i32Local(f)
  const inverse = f.local(ValType.f32)
  forCount(f, row, p.rows, () => {
    f.get(p.positions).mem(OP_MEM.i32Load, 2).i32(1).op(OP.i32Add).set(valid)
    f.get(p.scores).set(pointer)
    const max = reduceLanes(
      f,
      () => f.get(valid),
      [pointer],
      'max',
      (l) => l.load(pointer),
    )
    f.get(p.scores).set(pointer)
    const sum = reduceLanes(
      f,
      () => f.get(valid),
      [pointer],
      'add',
      (l) => {
        const shifted = l.mul(
          l.sub(
            l.load(pointer),
            l.broadcast(() => f.get(max)),
          ),
          l.broadcast(() => f.get(p.scale)),
        )
        const e = l.let(l.exp(shifted))
        l.store(pointer, e)
        return e
      },
    )
    f.f32(1).get(sum).op(OP.f32Div).set(inverse)
    f.get(p.scores).set(pointer)
    forLanes(
      f,
      () => f.get(valid),
      [pointer],
      (l) => {
        l.store(
          pointer,
          l.mul(
            l.load(pointer),
            l.broadcast(() => f.get(inverse)),
          ),
        )
      },
    )
    f.get(pointer).i32(0).get(p.keys).get(valid).op(OP.i32Sub).i32(2).op(OP.i32Shl).op(OP.memoryFill)
    f.get(p.scores).get(p.keys).i32(2).op(OP.i32Shl).op(OP.i32Add).set(p.scores)
    f.get(p.positions).i32(4).op(OP.i32Add).set(p.positions)
  })
  return f
}

/**
 * `softmaxBackward(probabilities, gradient, rows, keys, scale)`: per row, in place,
 * `gradient ← scale·p·(gradient − Σ p·gradient)`.
 */
export function emitSoftmaxBackward(): FunctionBuilder {
  const { f, p } = kernelFunction(['probabilities', 'gradient', 'rows', 'keys', 'scale'], ['scale'])
  const row = i32Local(f)
  const pp = i32Local(f)
  const pg = i32Local(f)
  forCount(f, row, p.rows, () => {
    f.get(p.probabilities).set(pp)
    f.get(p.gradient).set(pg)
    const dot = reduceLanes(
      f,
      () => f.get(p.keys),
      [pp, pg],
      'add',
      (l) => l.mul(l.load(pp), l.load(pg)),
    )
    forLanes(
      f,
      () => f.get(p.keys),
      [p.probabilities, p.gradient],
      (l) => {
        const difference = l.sub(
          l.load(p.gradient),
          l.broadcast(() => f.get(dot)),
        )
        l.store(
          p.gradient,
          l.mul(
            l.mul(l.load(p.probabilities), difference),
            l.broadcast(() => f.get(p.scale)),
          ),
        )
      },
    )
  })
  return f
}

/**
 * `crossEntropy(logits, rows, vocab, targets, scale, stats)`: per row of `[rows, vocab]` logits, in place, the
 * gradient of `scale·(−log softmax[target])`: `scale·(softmax − onehot)`; `stats[3i..3i+2]` get the row's max,
 * Σ exp(logit − max) and target logit (its loss is `log Σ + max − target logit`).
 */
export function emitCrossEntropy(): FunctionBuilder {
  const { f, p } = kernelFunction(['logits', 'rows', 'vocab', 'targets', 'scale', 'stats'], ['scale'])
  const row = i32Local(f)
  const pointer = i32Local(f)
  const target = i32Local(f)
  const factor = f.local(ValType.f32)
  forCount(f, row, p.rows, () => {
    f.get(p.logits).set(pointer)
    const max = reduceLanes(
      f,
      () => f.get(p.vocab),
      [pointer],
      'max',
      (l) => l.load(pointer),
    )
    f.get(p.logits).get(p.targets).mem(OP_MEM.i32Load, 2).i32(2).op(OP.i32Shl).op(OP.i32Add).set(target)
    f.get(p.stats).get(max).mem(OP_MEM.f32Store, 2, 0)
    f.get(p.stats).get(target).mem(OP_MEM.f32Load, 2).mem(OP_MEM.f32Store, 2, 8)
    f.get(p.logits).set(pointer)
    const sum = reduceLanes(
      f,
      () => f.get(p.vocab),
      [pointer],
      'add',
      (l) => {
        const e = l.let(
          l.exp(
            l.sub(
              l.load(pointer),
              l.broadcast(() => f.get(max)),
            ),
          ),
        )
        l.store(pointer, e)
        return e
      },
    )
    f.get(p.stats).get(sum).mem(OP_MEM.f32Store, 2, 4)
    f.get(p.scale).get(sum).op(OP.f32Div).set(factor)
    f.get(p.logits).set(pointer)
    forLanes(
      f,
      () => f.get(p.vocab),
      [pointer],
      (l) => {
        l.store(
          pointer,
          l.mul(
            l.load(pointer),
            l.broadcast(() => f.get(factor)),
          ),
        )
      },
    )
    f.get(target).get(target).mem(OP_MEM.f32Load, 2).get(p.scale).op(OP.f32Sub).mem(OP_MEM.f32Store, 2)
    f.get(p.logits).get(p.vocab).i32(2).op(OP.i32Shl).op(OP.i32Add).set(p.logits)
    f.get(p.targets).i32(4).op(OP.i32Add).set(p.targets)
    f.get(p.stats).i32(12).op(OP.i32Add).set(p.stats)
  })
  return f
}
