export {
  generateSyntheticJsonl,
  jsonlBytes,
  type SyntheticJsonlParameters,
  type SyntheticRecipe,
  syntheticJsonl,
} from './syntheticDataset.js'
