import { z } from 'zod'

/** The seven linear projections of a Llama block, in Hugging Face naming. */
export const LLAMA_PROJECTIONS = [
  'q_proj',
  'k_proj',
  'v_proj',
  'o_proj',
  'gate_proj',
  'up_proj',
  'down_proj',
] as const

/** A Llama linear projection name. */
export type LlamaProjection = (typeof LLAMA_PROJECTIONS)[number]

const dim = (max: number) => z.number().int().min(1).max(max)

/**
 * The subset of a Hugging Face `LlamaConfig` (config.json) the embedded model implements. Features it does not
 * implement (grouped-query attention, RoPE scaling, biases, other activations) are rejected, not ignored.
 */
export const llamaConfigSchema = z
  .looseObject({
    model_type: z.literal('llama').optional(),
    hidden_act: z.literal('silu').optional(),
    attention_bias: z.literal(false).optional(),
    mlp_bias: z.literal(false).optional(),
    rope_scaling: z.null().optional(),
    vocab_size: dim(65_536),
    hidden_size: dim(4096),
    intermediate_size: dim(16_384),
    num_hidden_layers: dim(64),
    num_attention_heads: dim(64),
    num_key_value_heads: dim(64),
    max_position_embeddings: dim(8192),
    rms_norm_eps: z.number().positive().max(1),
    rope_theta: z.number().positive(),
    tie_word_embeddings: z.boolean(),
  })
  .refine((c) => c.num_key_value_heads === c.num_attention_heads, {
    message: 'grouped-query attention is not supported (num_key_value_heads must equal num_attention_heads)',
  })
  .refine(
    (c) => c.hidden_size % c.num_attention_heads === 0 && (c.hidden_size / c.num_attention_heads) % 2 === 0,
    {
      message: 'hidden_size / num_attention_heads must be an even integer',
    },
  )

/** A validated Llama configuration. */
export type LlamaConfig = z.infer<typeof llamaConfigSchema>

/** Shape `[out, in]` (Hugging Face layout) of each projection weight. */
export function projectionShapes(config: LlamaConfig): Record<LlamaProjection, [number, number]> {
  const d = config.hidden_size
  const ff = config.intermediate_size
  return {
    q_proj: [d, d],
    k_proj: [d, d],
    v_proj: [d, d],
    o_proj: [d, d],
    gate_proj: [ff, d],
    up_proj: [ff, d],
    down_proj: [d, ff],
  }
}

/** Hugging Face module path of a projection, e.g. `model.layers.0.self_attn.q_proj`. */
export function projectionPath(layer: number, projection: LlamaProjection): string {
  const attention =
    projection === 'q_proj' || projection === 'k_proj' || projection === 'v_proj' || projection === 'o_proj'
  return `model.layers.${layer}.${attention ? 'self_attn' : 'mlp'}.${projection}`
}

/** Every weight of a `LlamaForCausalLM` with this configuration, by Hugging Face name, with its shape. */
export function baseWeightShapes(config: LlamaConfig): Record<string, number[]> {
  const d = config.hidden_size
  const shapes: Record<string, number[]> = { 'model.embed_tokens.weight': [config.vocab_size, d] }
  const projections = projectionShapes(config)
  for (let layer = 0; layer < config.num_hidden_layers; layer++) {
    shapes[`model.layers.${layer}.input_layernorm.weight`] = [d]
    shapes[`model.layers.${layer}.post_attention_layernorm.weight`] = [d]
    for (const projection of LLAMA_PROJECTIONS) {
      shapes[`${projectionPath(layer, projection)}.weight`] = projections[projection]
    }
  }
  shapes['model.norm.weight'] = [d]
  if (!config.tie_word_embeddings) shapes['lm_head.weight'] = [config.vocab_size, d]
  return shapes
}
