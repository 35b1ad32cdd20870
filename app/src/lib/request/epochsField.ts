/**
 * The field error of the epochs input, or `undefined` when it holds a whole number from 1 to `max`. The input
 * gives `null` when cleared and any number the browser parses (2.5 included), so nothing here may throw.
 */
export function epochsFieldError(value: number | null | undefined, max: number): string | undefined {
  const hint = `Enter a whole number of epochs from 1 to ${max}.`
  if (value === null || value === undefined || Number.isNaN(value))
    return `The number of epochs is empty. ${hint}`
  if (!Number.isInteger(value)) return `${value} is not a whole number. ${hint}`
  if (value < 1 || value > max) return `${value} is outside the range. ${hint}`
  return undefined
}
