// `@licen/sdk/manifest`: the dataset manifest: schema, parsing and the JSONL analyzer.
export {
  type AnalyzeJsonlOptions,
  analyzeJsonl,
  JSONL_MAX_LINE_BYTES,
  type JsonlAnalysis,
  type JsonlAnalysisReport,
  JsonlAnalyzer,
  type JsonlAnalyzerOptions,
  type JsonlInvalidLine,
  type JsonlInvalidReason,
  type JsonlLineReport,
} from './JsonlAnalyzer.js'
export { ManifestError, type ManifestErrorCode } from './ManifestError.js'
export { manifestJsonSchema } from './manifestJsonSchema.js'
export {
  fieldTypeSchema,
  MANIFEST_MAX_BYTES,
  MANIFEST_MAX_FIELDS,
  MANIFEST_SCHEMA,
  type Manifest,
  type ManifestField,
  manifestFieldSchema,
  manifestSchema,
} from './manifestSchema.js'
export { parseManifest, serializeManifest, validateManifest } from './parseManifest.js'
