// The accepted row shapes live in the sdk's one example parser (`@licen/sdk/examples`); the node reads through it.
export {
  type ChatMessage,
  type ChatRole,
  type Example,
  MAX_CHAT_MESSAGES,
  type ParseExampleResult,
  parseExample,
  type UntrainableReason as InvalidLineReason,
} from '@licen/sdk/examples'
