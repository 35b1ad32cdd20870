import { Lcn1Error } from './Lcn1Error.js'

/** The error an aborted LCN1 operation fails with; the signal's reason is kept as cause. */
export function lcn1AbortError(signal: AbortSignal): Lcn1Error {
  return new Lcn1Error('LCN1 operation was aborted.', { code: 'LCN1_ABORTED', cause: signal.reason })
}

/** Throws `LCN1_ABORTED` if `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw lcn1AbortError(signal)
}

/** Errors `controller` as soon as `signal` fires; returns a function that removes the listener. */
export function errorOnAbort(
  signal: AbortSignal | undefined,
  controller: TransformStreamDefaultController<unknown>,
): () => void {
  if (!signal) return () => {}
  const onAbort = () => controller.error(lcn1AbortError(signal))
  signal.addEventListener('abort', onAbort, { once: true })
  return () => signal.removeEventListener('abort', onAbort)
}
