import { kernelFunction } from './kernelFunction.js'
import { forLanes } from './lanes.js'
import type { FunctionBuilder } from './wasmBinary.js'

/** `swigluForward(gate, up, out, count)`: `out = gate·σ(gate)·up`, σ(g) = 1/(1 + e^−g). */
export function emitSwigluForward(): FunctionBuilder {
  const { f, p } = kernelFunction(['gate', 'up', 'out', 'count'])
  forLanes(
    f,
    () => f.get(p.count),
    [p.gate, p.up, p.out],
    (l) => {
      const g = l.let(l.load(p.gate))
      const sigma = l.div(l.constant(1), l.add(l.constant(1), l.exp(l.neg(g))))
      l.store(p.out, l.mul(l.mul(g, sigma), l.load(p.up)))
    },
  )
  return f
}

/**
 * `swigluBackward(gate, up, dOut, dGate, dUp, count)`: `dUp = dOut·g·σ(g)`,
 * `dGate = dOut·up·σ(g)·(1 + g·(1 − σ(g)))`; `dGate` may be `dOut`.
 */
export function emitSwigluBackward(): FunctionBuilder {
  const { f, p } = kernelFunction(['gate', 'up', 'dOut', 'dGate', 'dUp', 'count'])
  forLanes(
    f,
    () => f.get(p.count),
    [p.gate, p.up, p.dOut, p.dGate, p.dUp],
    (l) => {
      const g = l.let(l.load(p.gate))
      const sigma = l.let(l.div(l.constant(1), l.add(l.constant(1), l.exp(l.neg(g)))))
      const d = l.let(l.load(p.dOut))
      l.store(p.dUp, l.mul(l.mul(d, g), sigma))
      const slope = l.add(l.constant(1), l.mul(g, l.sub(l.constant(1), sigma)))
      l.store(p.dGate, l.mul(l.mul(l.mul(d, l.load(p.up)), sigma), slope))
    },
  )
  return f
}
