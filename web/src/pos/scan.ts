/**
 * The till's scans (issue 12): every Enter in the search field is one scan, resolved to a product and
 * applied in the order scanned — never dropped, never merged — however slow the server is. Kept free
 * of the page (no DOM) so the offline till can use it too.
 */
export interface Scannable {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly nameEn?: string;
  readonly barcode?: string;
}

const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();

/**
 * The product a scan (or a typed search + Enter) means among the search results: an exact barcode or
 * SKU first, then an exact name (French or English, accents and case ignored), then a name starting
 * with the text. A code of digits only (a barcode) matches nothing else: an unknown barcode is
 * unknown, never "the first result". Other text falls back on the first result.
 */
export function pickProduct<P extends Scannable>(code: string, found: readonly P[]): P | undefined {
  const text = code.trim();
  if (text === '') return undefined;
  const exact = found.find((p) => p.barcode === text || p.sku.toLowerCase() === text.toLowerCase());
  if (exact) return exact;
  if (/^\d+$/.test(text)) return undefined;
  const q = fold(text);
  const names = (p: P) => [p.name, p.nameEn].filter((n): n is string => n !== undefined).map(fold);
  return (
    found.find((p) => names(p).includes(q)) ??
    found.find((p) => names(p).some((n) => n.startsWith(q))) ??
    found[0]
  );
}

/**
 * A queue of scans: each is looked up as soon as it is scanned (lookups run side by side) and applied
 * strictly in scan order, one after the other; a failed lookup is applied as "not found" with its error.
 */
export function scanQueue<P>(
  lookup: (code: string) => Promise<P | undefined>,
  apply: (code: string, result: { product?: P; error?: unknown }) => void,
): { push(code: string): void; idle(): Promise<void> } {
  let tail: Promise<void> = Promise.resolve();
  return {
    push(code: string) {
      const found = lookup(code).then(
        (product) => (product === undefined ? {} : { product }),
        (error: unknown) => ({ error }),
      );
      tail = tail.then(async () => apply(code, await found));
    },
    idle: () => tail,
  };
}
