import { describe, expect, test } from 'vitest'
import { buildAdapterConfig } from './adapterConfig.js'

describe('buildAdapterConfig', () => {
  test('default', () => {
    const bytes = buildAdapterConfig('licen/tiny', {
      rank: 8,
      alpha: 16,
      dropout: 0,
      targetModules: ['q_proj', 'v_proj'],
    })
    expect(new TextDecoder().decode(bytes)).toBe(`{
  "base_model_name_or_path": "licen/tiny",
  "bias": "none",
  "fan_in_fan_out": false,
  "inference_mode": true,
  "init_lora_weights": true,
  "lora_alpha": 16,
  "lora_dropout": 0,
  "peft_type": "LORA",
  "r": 8,
  "target_modules": [
    "q_proj",
    "v_proj"
  ],
  "task_type": "CAUSAL_LM"
}
`)
  })
})
