/**
 * Prints one part of the page (a receipt, a Z-report): while the browser prints, the page shows that
 * element alone (`body.printing`, `.print-target` in styles.css: 80 mm thermal paper), then goes back.
 */
export function printOnly(el: HTMLElement): void {
  document.body.classList.add('printing');
  el.classList.add('print-target');
  window.addEventListener(
    'afterprint',
    () => {
      document.body.classList.remove('printing');
      el.classList.remove('print-target');
    },
    { once: true },
  );
  window.print();
}
