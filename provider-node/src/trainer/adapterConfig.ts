import type { Hyperparameters } from './hyperparameters.js'

/** PEFT's `adapter_config.json` for a LoRA adapter on a causal LM; the fields PEFT needs to load it. */
export type AdapterConfig = {
  base_model_name_or_path: string
  bias: 'none'
  fan_in_fan_out: false
  inference_mode: true
  init_lora_weights: true
  lora_alpha: number
  lora_dropout: number
  peft_type: 'LORA'
  r: number
  target_modules: string[]
  task_type: 'CAUSAL_LM'
}

/** Builds `adapter_config.json` bytes (keys sorted, 2-space indent, trailing newline: byte-for-byte deterministic). */
export function buildAdapterConfig(
  baseModelId: string,
  hyperparameters: Pick<Hyperparameters, 'rank' | 'alpha' | 'dropout' | 'targetModules'>,
): Uint8Array {
  const config: AdapterConfig = {
    base_model_name_or_path: baseModelId,
    bias: 'none',
    fan_in_fan_out: false,
    inference_mode: true,
    init_lora_weights: true,
    lora_alpha: hyperparameters.alpha,
    lora_dropout: hyperparameters.dropout,
    peft_type: 'LORA',
    r: hyperparameters.rank,
    target_modules: [...hyperparameters.targetModules],
    task_type: 'CAUSAL_LM',
  }
  return new TextEncoder().encode(`${JSON.stringify(config, null, 2)}\n`)
}
