// `@licen/sdk/examples`: the one example parser (accepted row shapes, untrainable reasons), its streaming reader,
// the inspection report and the provider's byte tokenizer.
export { assertTrainable } from './assertTrainable.js'
export {
  BYTE_TOKENS,
  BYTE_VOCAB_SIZE,
  countExampleTokens,
  type ExampleTokenCount,
  type TokenizedExample,
  tokenizeExample,
} from './byteTokenizer.js'
export { DATA_FAILURE_CODES, isDataFailure } from './dataFailure.js'
export {
  ACCEPTED_SHAPES_TEXT,
  describeExamples,
  rowsText,
  UNTRAINABLE_REASON_TEXT,
} from './describeExamples.js'
export { ExampleError, type ExampleErrorCode } from './ExampleError.js'
export {
  EXAMPLE_MAX_LINE_BYTES,
  type ExampleLine,
  ExampleLineReader,
  type ExampleLineReaderOptions,
} from './ExampleLineReader.js'
export {
  type ExampleInspection,
  ExampleTally,
  type ExampleTallyOptions,
  INSPECT_MAX_LISTED_LINES,
  type InspectExamplesOptions,
  inspectExamples,
  type UntrainableLines,
} from './inspectExamples.js'
export { LineSplitter, type SplitLine } from './LineSplitter.js'
export {
  type ChatMessage,
  type ChatRole,
  EXAMPLE_FORMATS,
  type Example,
  type ExampleFormat,
  MAX_CHAT_MESSAGES,
  type ParseExampleResult,
  parseExample,
  UNTRAINABLE_REASONS,
  type UntrainableReason,
} from './parseExample.js'
