/**
 * A wide table scrolls sideways; keyboard users must be able to reach and scroll it (WCAG 2.1.1,
 * axe "scrollable-region-focusable"). antd's Table has no prop for it, so its scroll container is
 * made focusable and named after every render.
 */
import { type ReactNode, useEffect, useRef } from 'react';

export function KeyboardScroll({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    for (const el of ref.current?.querySelectorAll('.ant-table-content, .ant-table-body') ?? []) {
      if (el.getAttribute('tabindex') === '0') continue;
      el.setAttribute('tabindex', '0');
      el.setAttribute('role', 'region');
      el.setAttribute('aria-label', label);
    }
  });
  return <div ref={ref}>{children}</div>;
}
