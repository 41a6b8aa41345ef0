/**
 * Two repairs of react-admin 5.15's DOM that axe-core reports as serious or critical, made where
 * react-admin renders them (it offers no prop for either):
 * - DataTable's row checkbox (`.select-item`) puts its aria-label on the checkbox's <span>, where
 *   ARIA does not allow it, and leaves the <input> without a name: the label moves to the input;
 * - a table wider than its box scrolls inside it (theme.ts), and a region that scrolls must be
 *   reachable by keyboard: while it scrolls, its box is focusable (tabindex 0), so arrow keys scroll it
 *   (checked on every DOM change and every change of the table's size).
 */
import { useEffect } from 'react';

function repair(sizes?: ResizeObserver): void {
  for (const box of document.querySelectorAll<HTMLElement>('.select-item[aria-label]')) {
    const input = box.querySelector('input');
    if (input) input.setAttribute('aria-label', box.getAttribute('aria-label') ?? '');
    box.removeAttribute('aria-label');
  }
  for (const wrapper of document.querySelectorAll<HTMLElement>('.RaDataTable-tableWrapper')) {
    // a table can grow wider without any DOM change (fonts, late layout): its size is watched too
    sizes?.observe(wrapper);
    const table = wrapper.querySelector('table');
    if (table) sizes?.observe(table);
    const scrolls = wrapper.scrollWidth > wrapper.clientWidth + 1;
    if (scrolls && wrapper.getAttribute('tabindex') !== '0') wrapper.setAttribute('tabindex', '0');
    else if (!scrolls && wrapper.hasAttribute('tabindex')) wrapper.removeAttribute('tabindex');
  }
}

export function useA11yRepairs(): void {
  useEffect(() => {
    let frame = 0;
    // called back only after `schedule` below exists
    const sizes = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(() => schedule());
    const schedule = () => {
      frame ||= requestAnimationFrame(() => {
        frame = 0;
        repair(sizes);
      });
    };
    const observer = new MutationObserver(schedule);
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-label'] });
    window.addEventListener('resize', schedule);
    schedule();
    return () => {
      observer.disconnect();
      sizes?.disconnect();
      window.removeEventListener('resize', schedule);
      if (frame) cancelAnimationFrame(frame);
    };
  }, []);
}
