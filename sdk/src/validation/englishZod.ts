import { en } from 'zod/locales'
import { z } from 'zod/mini'

// zod/mini is zod's tree-shakable form (about a third of the bytes in a browser bundle) but loads no locale: classic
// zod registers English on its first schema, mini answers "Invalid input" until told. Schemas built from this `z`
// report the same English messages as classic zod, so error details read the same whichever form a schema uses.
z.config(en())

/**
 * zod/mini with English issue messages: the form for every schema the browser reaches (bundle size). Configuring
 * the locale is this module's one import-time effect, declared in package.json `sideEffects`.
 */
export { z }
