import { describe, expect, test } from 'vitest'
import { EMBEDDED_BASE_CONFIG } from './embeddedBaseModel.js'
import { baseWeightShapes, llamaConfigSchema, projectionPath } from './llamaConfig.js'

describe('llamaConfigSchema', () => {
  test('default', () => {
    expect(
      llamaConfigSchema.parse({
        ...EMBEDDED_BASE_CONFIG,
        model_type: 'llama',
        architectures: ['LlamaForCausalLM'],
      }),
    ).toEqual({
      ...EMBEDDED_BASE_CONFIG,
      model_type: 'llama',
      architectures: ['LlamaForCausalLM'],
    })
  })

  test('error: features the embedded model does not implement', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ num_key_value_heads: 2 }, 'grouped-query attention is not supported'],
      [{ num_attention_heads: 3 }, 'hidden_size / num_attention_heads must be an even integer'],
      [{ rope_scaling: { type: 'linear', factor: 2 } }, 'rope_scaling'],
      [{ hidden_act: 'gelu' }, 'hidden_act'],
      [{ model_type: 'mistral' }, 'model_type'],
      [{ vocab_size: 70_000 }, 'vocab_size'],
    ]
    for (const [change, message] of cases) {
      const result = llamaConfigSchema.safeParse({
        ...EMBEDDED_BASE_CONFIG,
        num_key_value_heads: change.num_attention_heads ?? 4,
        ...change,
      })
      expect(result.success).toBe(false)
      expect(JSON.stringify(result.error?.issues)).toContain(message)
    }
  })
})

describe('baseWeightShapes', () => {
  test('default', () => {
    const shapes = baseWeightShapes(EMBEDDED_BASE_CONFIG)
    expect(Object.keys(shapes)).toHaveLength(1 + 2 * (2 + 7) + 1)
    expect(shapes['model.embed_tokens.weight']).toEqual([264, 64])
    expect(shapes['model.layers.1.mlp.down_proj.weight']).toEqual([64, 176])
    expect(shapes['model.layers.0.self_attn.k_proj.weight']).toEqual([64, 64])
    expect(shapes['model.layers.0.post_attention_layernorm.weight']).toEqual([64])
    expect(Object.values(shapes).reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0)).toBe(
      117_568,
    )
  })

  test('args: untied embeddings add lm_head', () => {
    expect(
      baseWeightShapes({ ...EMBEDDED_BASE_CONFIG, tie_word_embeddings: false })['lm_head.weight'],
    ).toEqual([264, 64])
  })
})

describe('projectionPath', () => {
  test('default', () => {
    expect(projectionPath(0, 'q_proj')).toBe('model.layers.0.self_attn.q_proj')
    expect(projectionPath(3, 'up_proj')).toBe('model.layers.3.mlp.up_proj')
  })
})
