#!/usr/bin/env node
// `licen` bin: the workspace ships TypeScript sources, so register tsx and run the CLI entry.
import { register } from 'tsx/esm/api'

register()
await import('../src/main.ts')
