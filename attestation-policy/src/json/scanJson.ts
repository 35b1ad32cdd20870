/** A member of a JSON object with the raw text span of its value. */
type Member = { key: string; valueStart: number; valueEnd: number }

/**
 * Walks syntactically valid JSON text (check it with JSON.parse first), calling `onObject` with each object's
 * members and their raw value spans. Used where the exact bytes matter: signed members and duplicate keys.
 */
function walk(text: string, onObject: (members: Member[], path: string) => void): void {
  let at = 0
  const ws = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++
  }
  const string = (): string => {
    const start = at
    at++
    while (text[at] !== '"') at += text[at] === '\\' ? 2 : 1
    at++
    return JSON.parse(text.slice(start, at)) as string
  }
  const value = (path: string): void => {
    ws()
    const c = text[at]
    if (c === '{') {
      at++
      const members: Member[] = []
      ws()
      if (text[at] === '}') at++
      else {
        for (;;) {
          ws()
          const key = string()
          ws()
          at++ // colon
          ws()
          const valueStart = at
          value(`${path}.${key}`)
          members.push({ key, valueStart, valueEnd: at })
          ws()
          if (text[at++] === '}') break
        }
      }
      onObject(members, path)
    } else if (c === '[') {
      at++
      ws()
      if (text[at] === ']') at++
      else {
        for (let index = 0; ; index++) {
          value(`${path}[${index}]`)
          ws()
          if (text[at++] === ']') break
        }
      }
    } else if (c === '"') string()
    else while (at < text.length && !',}] \t\n\r'.includes(text[at]!)) at++
  }
  value('$')
}

/** Returns the JSON path of the first object key that appears twice in valid JSON text, or undefined. */
export function findDuplicateKey(text: string): string | undefined {
  let duplicate: string | undefined
  walk(text, (members, path) => {
    const seen = new Set<string>()
    for (const { key } of members) {
      if (seen.has(key) && duplicate === undefined) duplicate = `${path}.${key}`
      seen.add(key)
    }
  })
  return duplicate
}

/** Returns the exact source text of a top-level member's value in valid JSON object text (signatures cover it). */
export function rawTopLevelMember(text: string, key: string): string | undefined {
  let found: string | undefined
  walk(text, (members, path) => {
    if (path !== '$') return
    const member = members.find((m) => m.key === key)
    if (member) found = text.slice(member.valueStart, member.valueEnd)
  })
  return found
}
