import { exportUrl } from '../../../api-coord.ts';
import { useDisclosure } from '../../../components/useDisclosure.ts';

/**
 * "Export": the case as the reader may see it, as Markdown or JSON. The server labels the file
 * with the strictest TLP it holds (in its name and first line), so it says what it is.
 */
export function ExportMenu({ caseId }: { caseId: string }) {
  const { open, setOpen, rootRef, buttonRef, id: menuId } = useDisclosure();
  return (
    <div className="export-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((o) => !o)}
      >
        Export <span aria-hidden="true">▾</span>
      </button>
      <div id={menuId} className="menu" hidden={!open}>
        <p className="menu-head muted small">What you may see, labelled with its strictest TLP.</p>
        <ul>
          <li>
            <a href={exportUrl(caseId, 'markdown')} download onClick={() => setOpen(false)}>
              Markdown (.md)
            </a>
          </li>
          <li>
            <a href={exportUrl(caseId, 'json')} download onClick={() => setOpen(false)}>
              JSON (.json)
            </a>
          </li>
        </ul>
      </div>
    </div>
  );
}
