/** Money is integer cents (CAD) everywhere; this is the one place that turns cents into text. */
const cad = new Intl.NumberFormat('fr-CA', { style: 'currency', currency: 'CAD' });

/** 199 → "1,99 $" (fr-CA: comma decimals, narrow no-break space thousands, "$" after). */
export function formatCents(cents: number): string {
  return cad.format(cents / 100);
}

const integer = new Intl.NumberFormat('fr-CA');
export function formatNumber(n: number): string {
  return integer.format(n);
}

/** ISO-8601 UTC → local date and time for people at the till or in the office. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString('fr-CA', { dateStyle: 'medium', timeStyle: 'short' });
}
