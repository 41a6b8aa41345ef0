import { useEffect, useRef, type ReactNode } from 'react';
import { Box, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';

/**
 * A table that scrolls sideways (a narrow window, the longer English headers) is a region the
 * keyboard can reach and scroll (WCAG 2.1.1, axe `scrollable-region-focusable`), named by its
 * section; one that fits stays out of the tab order. Checked again when the section resizes or its
 * table renders.
 */
function useScrollableTables(ref: React.RefObject<HTMLDivElement | null>, label: string): void {
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const update = () => {
      for (const wrapper of box.querySelectorAll<HTMLElement>('.RaDataTable-tableWrapper')) {
        if (wrapper.scrollWidth > wrapper.clientWidth) {
          wrapper.tabIndex = 0;
          wrapper.setAttribute('role', 'region');
          wrapper.setAttribute('aria-label', label);
        } else if (wrapper.hasAttribute('tabindex')) {
          wrapper.removeAttribute('tabindex');
          wrapper.removeAttribute('role');
          wrapper.removeAttribute('aria-label');
        }
      }
    };
    update();
    const resized = new ResizeObserver(update);
    resized.observe(box);
    // only child lists: the attributes set above do not call it again
    const changed = new MutationObserver(update);
    changed.observe(box, { childList: true, subtree: true });
    return () => {
      resized.disconnect();
      changed.disconnect();
    };
  }, [ref, label]);
}

/** A titled block of a show page. */
export const Section = ({ title, children, testId }: { title: string; children: ReactNode; testId?: string; label?: string }) => {
  const translate = useTranslate();
  const ref = useRef<HTMLDivElement>(null);
  const heading = translate(title);
  useScrollableTables(ref, heading);
  return (
    <Box sx={{ mt: 2 }} data-testid={testId} ref={ref}>
      <Typography variant="h6" gutterBottom>
        {heading}
      </Typography>
      {children}
    </Box>
  );
};
