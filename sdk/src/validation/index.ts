export { z } from './englishZod.js'
