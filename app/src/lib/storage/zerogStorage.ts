// Split point: the 0G storage client pulls in the 0G SDK, so it loads only where `storage.backend` is `zerog`.
export { createZerogStorage } from '@licen/sdk'
