import { fileURLToPath } from 'node:url'
import type { Hex } from 'viem'
import type { BaseModelRef } from '../Trainer.js'
import { BYTE_TOKENS, BYTE_VOCAB_SIZE } from './byteTokenizer.js'
import type { LlamaConfig } from './llamaConfig.js'
import type { PretrainRecipe } from './pretrainBase.js'

/** Published id of the embedded base model (part of the provider image identity). */
export const EMBEDDED_BASE_MODEL_ID = 'licen/tiny-llama-bytes-d64-v1'

/** sha256 of the embedded base model's `model.safetensors` (part of the provider image identity). */
export const EMBEDDED_BASE_MODEL_SHA256: Hex =
  '0x3ffe3b7f48c2a319f8d59137b0b6a6f8edf311323e2f19b4f0ddaf5b851be8b5'

/** sha256 of the embedded base model's `config.json`. */
export const EMBEDDED_BASE_CONFIG_SHA256: Hex =
  '0xb061658818417d073c25545d19540118188f34d4a0c9207d2812b846ebc0d2c8'

/** The embedded base model shipped in `provider-node/model/`, with the hashes every load checks. */
export const EMBEDDED_BASE_MODEL: BaseModelRef = {
  id: EMBEDDED_BASE_MODEL_ID,
  path: fileURLToPath(new URL('../../../model/tiny-llama-bytes-d64/', import.meta.url)),
  sha256: EMBEDDED_BASE_MODEL_SHA256,
  configSha256: EMBEDDED_BASE_CONFIG_SHA256,
}

/** Architecture of the embedded base: 2 layers, d=64, byte vocabulary, 256-token context (117,568 parameters). */
export const EMBEDDED_BASE_CONFIG: LlamaConfig = {
  vocab_size: BYTE_VOCAB_SIZE,
  hidden_size: 64,
  intermediate_size: 176,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 4,
  max_position_embeddings: 256,
  rms_norm_eps: 1e-5,
  rope_theta: 10_000,
  tie_word_embeddings: true,
}

/** The Hugging Face `config.json` of the embedded base (what `transformers` needs to load it). */
export const EMBEDDED_BASE_HF_CONFIG = {
  architectures: ['LlamaForCausalLM'],
  model_type: 'llama',
  hidden_act: 'silu',
  attention_bias: false,
  mlp_bias: false,
  bos_token_id: BYTE_TOKENS.BOS,
  eos_token_id: BYTE_TOKENS.EOS,
  pad_token_id: BYTE_TOKENS.PAD,
  torch_dtype: 'float32',
  initializer_range: 0.02,
  ...EMBEDDED_BASE_CONFIG,
} as const

/** The recipe `scripts/pretrain.ts` follows to produce the committed weights. */
export const EMBEDDED_BASE_RECIPE: PretrainRecipe = {
  config: EMBEDDED_BASE_CONFIG,
  steps: 800,
  batchSize: 16,
  seqLen: 128,
  learningRate: 3e-3,
  seed: 0,
}
