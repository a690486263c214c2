/**
 * Search text rules. Matching is by word prefix, case- and accent-insensitive:
 * "cafe" finds "Café au lait", "CROISS" finds "Croissant au beurre".
 */

const ligatures: Readonly<Record<string, string>> = { œ: 'oe', æ: 'ae', ß: 'ss' };

/** Lower-case, strip diacritics and expand ligatures: "Œufs brûlés" -> "oeufs brules". */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[œæß]/g, (c) => ligatures[c] ?? c);
}

/** Distinct normalized words (letters and digits runs), in order of first appearance. */
export function words(text: string): string[] {
  const found = normalize(text).match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(found)];
}

/** Partition of the word index that holds a word: its first character, so one-letter prefixes work too. */
export function wordBucket(word: string): string {
  return word.slice(0, 1);
}

/** Every term must be a prefix of some word of the product. */
export function matchesAllTerms(productWords: readonly string[], terms: readonly string[]): boolean {
  return terms.every((t) => productWords.some((w) => w.startsWith(t)));
}

/**
 * The word under which a product is reported for a prefix: the smallest of its words starting with it.
 * A product with several matching words ("café", "caféine") is listed once, at that word, so pages never repeat.
 */
export function reportingWord(productWords: readonly string[], prefix: string): string | undefined {
  let best: string | undefined;
  for (const w of productWords) if (w.startsWith(prefix) && (best === undefined || w < best)) best = w;
  return best;
}

/**
 * The term that drives a search: the longest (most selective) one; ties go to the first.
 * The others filter the driver's candidates.
 */
export function drivingTerm(terms: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const t of terms) if (best === undefined || t.length > best.length) best = t;
  return best;
}
