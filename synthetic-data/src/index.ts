export { mulberry32 } from './mulberry32.js'
export {
  generateSyntheticJsonl,
  jsonlBytes,
  type SyntheticJsonlParameters,
  type SyntheticRecipe,
  syntheticJsonl,
} from './syntheticDataset.js'
