/** Returns a function that replaces every occurrence of each non-empty secret in a text with `<redacted>`. */
export function createRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const present = secrets.filter((secret): secret is string => secret !== undefined && secret.length > 0)
  return (text) => present.reduce((result, secret) => result.split(secret).join('<redacted>'), text)
}
