import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  drivingTerm,
  matchesAllTerms,
  normalize,
  reportingWord,
  wordBucket,
  words,
} from '#domain/catalog/text.ts';

describe('normalize', () => {
  it.each([
    ['Café AU Lait', 'cafe au lait'],
    ['CRÈME BRÛLÉE', 'creme brulee'],
    ['Façade', 'facade'],
    ['Pouding chômeur', 'pouding chomeur'],
    ['Œufs bruns', 'oeufs bruns'],
    ['œuvre', 'oeuvre'],
    ['Æther', 'aether'],
    ['Straße', 'strasse'],
    ['Noël à l’érable', 'noel a l’erable'],
  ])('turns %j into %j', (text, expected) => {
    // Prepare / Act
    const result = normalize(text);
    // Assess
    expect(result).toBe(expected);
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (s) => normalize(normalize(s)) === normalize(s)));
  });
});

describe('words', () => {
  it('splits on anything that is not a letter or a digit, keeping the first occurrence only', () => {
    // Act
    const result = words("Café glacé / Iced Coffee — café l'été");
    // Assess
    expect(result).toEqual(['cafe', 'glace', 'iced', 'coffee', 'l', 'ete']);
  });

  it('keeps digits as words', () => {
    expect(words('Lait 3,25 % (2 L)')).toEqual(['lait', '3', '25', '2', 'l']);
  });

  it('finds no word in punctuation or blank text', () => {
    expect(words('')).toEqual([]);
    expect(words(' -- / %% ')).toEqual([]);
  });
});

describe('matchesAllTerms (search by word prefix)', () => {
  const cafeAuLait = words('Café au lait cafe');

  it('matches when every term starts some word of the product', () => {
    expect(matchesAllTerms(cafeAuLait, words('caf'))).toBe(true);
    expect(matchesAllTerms(cafeAuLait, words('CAFÉ LAIT'))).toBe(true);
    expect(matchesAllTerms(cafeAuLait, words('la c'))).toBe(true);
  });

  it('does not match when one term starts no word', () => {
    expect(matchesAllTerms(cafeAuLait, words('cafe chocolat'))).toBe(false);
  });

  it('matches prefixes only, not the middle or the end of a word', () => {
    expect(matchesAllTerms(cafeAuLait, words('afe'))).toBe(false);
    expect(matchesAllTerms(cafeAuLait, words('ait'))).toBe(false);
  });

  it('does not match a term longer than the word', () => {
    expect(matchesAllTerms(cafeAuLait, words('cafeine'))).toBe(false);
  });

  it('finds a product by any prefix of any of its words, whatever the case and accents of the query', () => {
    const letters = [...'abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœæ'];
    const word = fc
      .array(fc.constantFrom(...letters), { minLength: 1, maxLength: 10 })
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 5 }),
        fc.nat(),
        fc.nat(),
        (nameWords, pick, cut) => {
          // Prepare: a product name, one of its words and a prefix of it, typed in capitals
          const productWords = words(nameWords.join(' '));
          const chosen = [...nameWords[pick % nameWords.length]!];
          const typed = chosen
            .slice(0, 1 + (cut % chosen.length))
            .join('')
            .toUpperCase();
          // Act / Assess
          return matchesAllTerms(productWords, words(typed));
        },
      ),
    );
  });
});

describe('reportingWord (each product listed once per search)', () => {
  it('is the smallest word of the product starting with the prefix', () => {
    expect(reportingWord(['cafeine', 'cafe', 'au'], 'caf')).toBe('cafe');
    expect(reportingWord(['croissant', 'chocolat', 'cafe'], 'c')).toBe('cafe');
  });

  it('is undefined when no word starts with the prefix', () => {
    expect(reportingWord(['cafe', 'au', 'lait'], 'the')).toBeUndefined();
  });

  it('picks exactly one index entry of a matching product, whatever its words and the prefix', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-e]{1,4}$/), { minLength: 1, maxLength: 8 }),
        fc.stringMatching(/^[a-e]{1,2}$/),
        (productWords, prefix) => {
          // Prepare: the index holds one entry per word; the search reads those starting with the prefix
          const candidates = productWords.filter((w) => w.startsWith(prefix));
          // Act
          const reported = candidates.filter((w) => reportingWord(productWords, prefix) === w);
          // Assess
          return reported.length === (candidates.length > 0 ? 1 : 0);
        },
      ),
    );
  });
});

describe('drivingTerm', () => {
  it('is the longest term (the most selective one)', () => {
    expect(drivingTerm(['au', 'cafe', 'lait'])).toBe('cafe');
  });

  it('goes to the first term on a tie', () => {
    expect(drivingTerm(['lait', 'cafe'])).toBe('lait');
  });

  it('is undefined without terms', () => {
    expect(drivingTerm([])).toBeUndefined();
  });
});

describe('wordBucket', () => {
  it('is the first character, so a one-letter prefix reads one bucket', () => {
    expect(wordBucket('cafe')).toBe('c');
    expect(wordBucket('2')).toBe('2');
  });
});
