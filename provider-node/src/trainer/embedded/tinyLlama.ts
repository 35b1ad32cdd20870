import * as tf from '@tensorflow/tfjs'
import type { Float32Tensor } from '../safetensors/writeSafetensors.js'
import {
  baseWeightShapes,
  LLAMA_PROJECTIONS,
  type LlamaConfig,
  type LlamaProjection,
  projectionPath,
  projectionShapes,
} from './llamaConfig.js'
import type { Rng } from './rng.js'

/** LoRA adapter settings. */
export type LoraSpec = { rank: number; alpha: number; targetModules: readonly LlamaProjection[] }

type Linear = (x: tf.Tensor2D) => tf.Tensor2D
type Lora = { a: tf.Variable; b: tf.Variable }
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0]

// tfjs-backend-wasm runs 2-D matMul without transpose flags on its fast XNNPACK path and everything else on a far
// slower one, and tfjs's own matMul gradient uses transpose flags: so gradients here transpose explicitly.
const matMul2d = tf.customGrad(((a: tf.Tensor2D, b: tf.Tensor2D, save: tf.GradSaveFunc) => {
  save([a, b])
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor2D, [savedA, savedB]: tf.Tensor[]) => [
      tf.matMul(dy, tf.transpose(savedB as tf.Tensor2D)),
      tf.matMul(tf.transpose(savedA as tf.Tensor2D), dy),
    ],
  }
}) as unknown as CustomGradientFunc) as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D

/** `x @ weightᵀ` for a frozen `[out, in]` weight; the gradient reaches `x` only, without any transpose. */
function frozenLinear(weight: tf.Tensor2D, transposed: tf.Tensor2D): Linear {
  return tf.customGrad(((x: tf.Tensor2D) => ({
    value: tf.matMul(x, transposed),
    gradFunc: (dy: tf.Tensor2D) => tf.matMul(dy, weight),
  })) as unknown as CustomGradientFunc) as Linear
}

/** Float one-hot rows. tfjs-backend-wasm 4.22 ignores oneHot's dtype argument (it writes int32 bits into a
 *  float32 tensor), so the int32 result is cast instead. */
function oneHotFloat(indices: tf.Tensor, depth: number): tf.Tensor2D {
  return tf.cast(tf.oneHot(indices as tf.Tensor1D, depth), 'float32') as tf.Tensor2D
}

/**
 * A Llama-architecture causal LM (Hugging Face `LlamaForCausalLM` math: RMSNorm, rotary embeddings, SwiGLU,
 * optional tied head) in tfjs, with PEFT-style LoRA adapters on chosen projections. Either the base is frozen and
 * only LoRA trains (fine-tuning) or every base weight trains (pretraining).
 */
export class TinyLlama {
  readonly config: LlamaConfig
  private readonly weights = new Map<string, tf.Tensor>()
  private readonly linears = new Map<string, Linear>()
  private readonly baseVariables: tf.Variable[] = []
  private readonly lora = new Map<string, Lora>()
  private readonly owned: tf.Tensor[] = []
  private readonly masks = new Map<number, tf.Tensor2D>()
  private readonly rotary = new Map<number, [tf.Tensor2D, tf.Tensor2D]>()
  private loraScale = 0

  /** Loads Hugging Face-named weights (checked against the config by the caller) as frozen or trainable tensors. */
  constructor(
    config: LlamaConfig,
    weights: Readonly<Record<string, Float32Tensor>>,
    options: { trainBase?: boolean } = {},
  ) {
    this.config = config
    for (const name of Object.keys(baseWeightShapes(config))) {
      const { shape, data } = weights[name]!
      const tensor = tf.tensor(data, [...shape], 'float32')
      const isProjection = name.startsWith('model.layers.') && shape.length === 2
      if (options.trainBase) {
        // Trainable projections are held transposed ([in, out]) so the forward pass is a plain matMul.
        const initial = isProjection ? tf.transpose(tensor) : tensor
        const variable = tf.variable(initial, true)
        if (initial !== tensor) initial.dispose()
        tensor.dispose()
        this.baseVariables.push(variable)
        this.weights.set(name, variable)
        if (isProjection) this.linears.set(name, (x) => matMul2d(x, variable as tf.Tensor as tf.Tensor2D))
      } else {
        this.owned.push(tensor)
        this.weights.set(name, tensor)
        if (isProjection) {
          const transposed = tf.transpose(tensor as tf.Tensor2D)
          this.owned.push(transposed)
          this.linears.set(name, frozenLinear(tensor as tf.Tensor2D, transposed))
        }
      }
    }
  }

  /** Adds LoRA adapters (PEFT default init: A ~ U(±1/√in), B = 0) to the target projections of every layer. */
  addLora(spec: LoraSpec, rng: Rng): void {
    this.loraScale = spec.alpha / spec.rank
    const shapes = projectionShapes(this.config)
    for (let layer = 0; layer < this.config.num_hidden_layers; layer++) {
      for (const projection of LLAMA_PROJECTIONS) {
        if (!spec.targetModules.includes(projection)) continue
        const [out, inp] = shapes[projection]
        const bound = 1 / Math.sqrt(inp)
        const a = new Float32Array(spec.rank * inp)
        for (let i = 0; i < a.length; i++) a[i] = (2 * rng.uniform() - 1) * bound
        // Held as Aᵀ [in, r] and Bᵀ [r, out]; PEFT stores A [r, in] and B [out, r].
        const aInitial = tf.tidy(() => tf.transpose(tf.tensor2d(a, [spec.rank, inp])))
        const bInitial = tf.zeros([spec.rank, out])
        this.lora.set(projectionPath(layer, projection), {
          a: tf.variable(aInitial, true),
          b: tf.variable(bInitial, true),
        })
        aInitial.dispose()
        bInitial.dispose()
      }
    }
  }

  /** Variables the optimizer updates: LoRA factors, plus every base weight when the base trains. */
  trainableVariables(): tf.Variable[] {
    return [...[...this.lora.values()].flatMap(({ a, b }) => [a, b]), ...this.baseVariables]
  }

  /** Number of trainable parameters. */
  trainableParameters(): number {
    return this.trainableVariables().reduce((sum, variable) => sum + variable.size, 0)
  }

  /** Logits `[rows × length, vocab]` for input ids `[rows, length]`. */
  logits(ids: tf.Tensor2D): tf.Tensor2D {
    const [rows, length] = ids.shape
    const c = this.config
    const heads = c.num_attention_heads
    const headDim = c.hidden_size / heads
    const embed = this.weight('model.embed_tokens.weight') as tf.Tensor2D
    // The embedding lookup is a one-hot matMul: tfjs-backend-wasm has no gradient for gather.
    let h = matMul2d(oneHotFloat(tf.reshape(ids, [rows * length]), c.vocab_size), embed)
    const split = (x: tf.Tensor2D) =>
      tf.transpose(tf.reshape(x, [rows, length, heads, headDim]), [0, 2, 1, 3]) as tf.Tensor4D
    const merge = (x: tf.Tensor3D) =>
      tf.reshape(tf.transpose(tf.reshape(x, [rows, heads, length, headDim]), [0, 2, 1, 3]), [
        rows * length,
        c.hidden_size,
      ]) as tf.Tensor2D
    const batched = (x: tf.Tensor4D) => tf.reshape(x, [rows * heads, length, headDim]) as tf.Tensor3D
    for (let layer = 0; layer < c.num_hidden_layers; layer++) {
      const x = this.rmsNorm(h, `model.layers.${layer}.input_layernorm.weight`)
      const q = this.rope(split(this.project(x, layer, 'q_proj')))
      const k = this.rope(split(this.project(x, layer, 'k_proj')))
      const v = split(this.project(x, layer, 'v_proj'))
      const scores = tf.add(
        tf.mul(tf.matMul(batched(q), batched(k), false, true), 1 / Math.sqrt(headDim)),
        this.causalMask(length),
      )
      const attended = merge(tf.matMul(tf.softmax(scores), batched(v)) as tf.Tensor3D)
      h = tf.add(h, this.project(attended, layer, 'o_proj'))
      const y = this.rmsNorm(h, `model.layers.${layer}.post_attention_layernorm.weight`)
      const gate = this.project(y, layer, 'gate_proj')
      const up = this.project(y, layer, 'up_proj')
      h = tf.add(h, this.project(tf.mul(tf.mul(gate, tf.sigmoid(gate)), up), layer, 'down_proj'))
    }
    h = this.rmsNorm(h, 'model.norm.weight')
    const head = c.tie_word_embeddings ? embed : (this.weight('lm_head.weight') as tf.Tensor2D)
    return matMul2d(h, tf.transpose(head))
  }

  /** Mean next-token negative log-likelihood over positions whose weight is 1 (targets and weights: `[rows × length]`). */
  loss(ids: tf.Tensor2D, targets: tf.Tensor1D, weights: tf.Tensor1D): tf.Scalar {
    const logProbabilities = tf.logSoftmax(this.logits(ids))
    const picked = tf.sum(tf.mul(logProbabilities, oneHotFloat(targets, this.config.vocab_size)), -1)
    return tf.div(tf.neg(tf.sum(tf.mul(picked, weights))), tf.maximum(tf.sum(weights), 1)) as tf.Scalar
  }

  /** The LoRA factors under PEFT key names and layout (`lora_A` `[r, in]`, `lora_B` `[out, r]`). */
  exportLora(): Record<string, Float32Tensor> {
    const out: Record<string, Float32Tensor> = {}
    for (const [path, { a, b }] of this.lora) {
      out[`base_model.model.${path}.lora_A.weight`] = this.readTransposed(a)
      out[`base_model.model.${path}.lora_B.weight`] = this.readTransposed(b)
    }
    return out
  }

  /** Every base weight under its Hugging Face name and layout. */
  exportBase(): Record<string, Float32Tensor> {
    const out: Record<string, Float32Tensor> = {}
    for (const [name, tensor] of this.weights) {
      const transposed = this.baseVariables.length > 0 && this.linears.has(name)
      out[name] = transposed
        ? this.readTransposed(tensor)
        : { shape: tensor.shape, data: Float32Array.from(tensor.dataSync() as Float32Array) }
    }
    return out
  }

  /** Frees every tensor and variable the model holds (tfjs variables are engine-global). */
  dispose(): void {
    for (const tensor of [
      ...this.owned,
      ...this.baseVariables,
      ...this.masks.values(),
      ...this.rotary.values(),
    ].flat()) {
      tensor.dispose()
    }
    for (const { a, b } of this.lora.values()) tf.dispose([a, b])
    this.owned.length = 0
    this.baseVariables.length = 0
    this.weights.clear()
    this.linears.clear()
    this.lora.clear()
    this.masks.clear()
    this.rotary.clear()
  }

  private weight(name: string): tf.Tensor {
    return this.weights.get(name)!
  }

  private readTransposed(tensor: tf.Tensor): Float32Tensor {
    const transposed = tf.transpose(tensor)
    const result = { shape: transposed.shape, data: Float32Array.from(transposed.dataSync() as Float32Array) }
    transposed.dispose()
    return result
  }

  private project(x: tf.Tensor2D, layer: number, projection: LlamaProjection): tf.Tensor2D {
    const path = projectionPath(layer, projection)
    const y = this.linears.get(`${path}.weight`)!(x)
    const adapter = this.lora.get(path)
    if (!adapter) return y
    const delta = matMul2d(
      matMul2d(x, adapter.a as tf.Tensor as tf.Tensor2D),
      adapter.b as tf.Tensor as tf.Tensor2D,
    )
    return tf.add(y, tf.mul(delta, this.loraScale))
  }

  private rmsNorm(x: tf.Tensor2D, name: string): tf.Tensor2D {
    const variance = tf.mean(tf.square(x), -1, true)
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(variance, this.config.rms_norm_eps))), this.weight(name))
  }

  private causalMask(length: number): tf.Tensor2D {
    let mask = this.masks.get(length)
    if (!mask) {
      const data = new Float32Array(length * length)
      for (let i = 0; i < length; i++) for (let j = i + 1; j < length; j++) data[i * length + j] = -1e9
      mask = tf.keep(tf.tensor2d(data, [length, length]))
      this.masks.set(length, mask)
    }
    return mask
  }

  /** Rotary position embedding with Hugging Face's rotate-half convention; x: `[rows, heads, length, headDim]`. */
  private rope(x: tf.Tensor4D): tf.Tensor4D {
    const length = x.shape[2]
    const headDim = x.shape[3]
    const half = headDim / 2
    let tables = this.rotary.get(length)
    if (!tables) {
      const cos = new Float32Array(length * headDim)
      const sin = new Float32Array(length * headDim)
      for (let t = 0; t < length; t++) {
        for (let i = 0; i < half; i++) {
          const angle = t / this.config.rope_theta ** ((2 * i) / headDim)
          cos[t * headDim + i] = cos[t * headDim + i + half] = Math.cos(angle)
          sin[t * headDim + i] = sin[t * headDim + i + half] = Math.sin(angle)
        }
      }
      tables = [tf.keep(tf.tensor2d(cos, [length, headDim])), tf.keep(tf.tensor2d(sin, [length, headDim]))]
      this.rotary.set(length, tables)
    }
    const first = tf.slice(x, [0, 0, 0, 0], [-1, -1, -1, half])
    const second = tf.slice(x, [0, 0, 0, half], [-1, -1, -1, half])
    const rotated = tf.concat([tf.neg(second), first], 3)
    return tf.add(tf.mul(x, tables[0]), tf.mul(rotated, tables[1]))
  }
}
