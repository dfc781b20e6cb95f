import { type ReactNode, useEffect, useRef } from 'react';

let firstRender = true;

interface Props {
  title: string;
  context?: string;
  /** False on pages that focus their first field instead. */
  takeFocus?: boolean;
  children?: ReactNode;
}

/** The page's h1; it sets the document title and takes focus after client-side navigation. */
export function PageHeader({ title, context, takeFocus = true, children }: Props) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = [title, context, 'Swimmy'].filter(Boolean).join(' · ');
    // On first load the browser already starts at the top; later, tell screen readers where they are.
    if (firstRender) firstRender = false;
    else if (takeFocus) ref.current?.focus({ preventScroll: true });
  }, [title, context, takeFocus]);
  return (
    <div className="page-header">
      <h1 ref={ref} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </div>
  );
}
