/**
 * Python's difflib.get_close_matches (SequenceMatcher's Ratcliff/Obershelp ratio), which az uses
 * to say "Did you mean 'token' ?" for a misspelt command. Short inputs only: no autojunk heuristic.
 */

/** The best matches of `word` among `possibilities` scoring at least `cutoff`, best first. */
export function getCloseMatches(word: string, possibilities: readonly string[], n = 3, cutoff = 0.6): string[] {
  const scored: Array<[number, string]> = []
  for (const candidate of possibilities) {
    const score = ratio(candidate, word)
    if (score >= cutoff) scored.push([score, candidate])
  }
  // heapq.nlargest on (score, text) tuples: ties go to the greater text.
  scored.sort((x, y) => y[0] - x[0] || (y[1] > x[1] ? 1 : y[1] < x[1] ? -1 : 0))
  return scored.slice(0, n).map(([, text]) => text)
}

/** SequenceMatcher(None, a, b).ratio(): 2 * matching characters / total characters. */
export function ratio(a: string, b: string): number {
  const total = a.length + b.length
  return total === 0 ? 1 : (2 * matchingCharacters(a, b, 0, a.length, 0, b.length)) / total
}

function matchingCharacters(a: string, b: string, alo: number, ahi: number, blo: number, bhi: number): number {
  const [i, j, size] = longestMatch(a, b, alo, ahi, blo, bhi)
  if (size === 0) return 0
  return (
    size +
    (alo < i && blo < j ? matchingCharacters(a, b, alo, i, blo, j) : 0) +
    (i + size < ahi && j + size < bhi ? matchingCharacters(a, b, i + size, ahi, j + size, bhi) : 0)
  )
}

/** find_longest_match: the longest block, earliest in a, then earliest in b. */
function longestMatch(
  a: string,
  b: string,
  alo: number,
  ahi: number,
  blo: number,
  bhi: number,
): [number, number, number] {
  let best: [number, number, number] = [alo, blo, 0]
  let lengths = new Map<number, number>()
  for (let i = alo; i < ahi; i++) {
    const next = new Map<number, number>()
    for (let j = blo; j < bhi; j++) {
      if (a[i] !== b[j]) continue
      const k = (lengths.get(j - 1) ?? 0) + 1
      next.set(j, k)
      if (k > best[2]) best = [i - k + 1, j - k + 1, k]
    }
    lengths = next
  }
  return best
}
