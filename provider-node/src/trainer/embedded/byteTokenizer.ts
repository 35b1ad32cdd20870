// The byte tokenizer has its home in the sdk (`@licen/sdk/examples`), so `licen inspect` and the publish analyzer
// count tokens exactly as the embedded trainer does.
export { BYTE_TOKENS, BYTE_VOCAB_SIZE, type TokenizedExample, tokenizeExample } from '@licen/sdk/examples'
