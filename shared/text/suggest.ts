/**
 * "Did you mean …": the closest known word to a mistyped one (`aply` → `apply`, `alyun` → `aliyun`), or
 * undefined when nothing is close enough to be a typo rather than another word.
 */
export function closest(input: string, known: readonly string[]): string | undefined {
  const want = input.toLowerCase();
  let best: { word: string; d: number } | undefined;
  for (const word of known) {
    const d = distance(want, word.toLowerCase());
    if (best === undefined || d < best.d) best = { word, d };
  }
  if (!best) return undefined;
  // One edit for short words, two for longer ones: beyond that a suggestion is a guess.
  const limit = want.length <= 4 ? 1 : 2;
  return best.d <= limit ? best.word : undefined;
}

/** Damerau-Levenshtein distance (optimal string alignment): a swapped pair of letters is one typo. */
export function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
