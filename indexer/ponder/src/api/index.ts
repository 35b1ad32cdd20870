// HTTP API: GraphQL over POST at /graphql (GET serves the GraphiQL page). Requests are bounded in body size,
// tokens, depth and aliases; Ponder caps page size at 1000 rows.
import { db } from 'ponder:api'
import schema from 'ponder:schema'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { graphql } from 'ponder'

/** Largest GraphQL request body accepted. */
const maxBodyBytes = 64 * 1024

const app = new Hono()

app.use(
  '/graphql',
  bodyLimit({
    maxSize: maxBodyBytes,
    onError: (c) =>
      c.json(
        { errors: [{ message: 'Request body too large', extensions: { code: 'BODY_TOO_LARGE' } }] },
        413,
      ),
  }),
)
app.use(
  '/graphql',
  graphql({ db, schema }, { maxOperationTokens: 2_000, maxOperationDepth: 12, maxOperationAliases: 30 }),
)

export default app
