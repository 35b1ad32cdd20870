import { FunctionBuilder, ValType } from './wasmBinary.js'

/** A kernel under construction: its builder and its parameters' local indices by name. */
export type KernelFunction<Name extends string> = { f: FunctionBuilder; p: Record<Name, number> }

/** Starts a kernel taking the named parameters (i32 unless listed in `floats`, which are f32). */
export function kernelFunction<Name extends string>(
  names: readonly Name[],
  floats: readonly Name[] = [],
): KernelFunction<Name> {
  const f = new FunctionBuilder(names.map((name) => (floats.includes(name) ? ValType.f32 : ValType.i32)))
  const p = Object.fromEntries(names.map((name, index) => [name, index])) as Record<Name, number>
  return { f, p }
}

/** `for (index = 0; index < count; index++)` with `count` an i32 local. */
export function forCount(f: FunctionBuilder, index: number, count: number, body: () => void): void {
  f.forRange(
    index,
    () => f.i32(0),
    () => f.get(count),
    1,
    1,
    body,
  )
}

/** Declares an i32 local. */
export const i32Local = (f: FunctionBuilder): number => f.local(ValType.i32)
