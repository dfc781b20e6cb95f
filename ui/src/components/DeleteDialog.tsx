import type { ReactNode } from 'react';
import { useAction } from '../hooks.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { useToast } from './Toasts.tsx';

interface Props {
  /** The thing's own name, quoted in the title and the toast. */
  name: string;
  /** What it is ("policy", "team"), on the button. */
  what: string;
  remove(): Promise<unknown>;
  onCancel(): void;
  onDeleted(): void;
  /** What deleting it means. */
  children: ReactNode;
}

/** "Delete “name”?" — deletes, says so, then hands over; a refusal stays in the dialog. */
export function DeleteDialog({ name, what, remove, onCancel, onDeleted, children }: Props) {
  const toast = useToast();
  const action = useAction(remove);
  return (
    <ConfirmDialog
      title={`Delete “${name}”?`}
      confirmLabel={`Delete ${what}`}
      pending={action.pending}
      error={action.error}
      onCancel={onCancel}
      onConfirm={async () => {
        if (!(await action.run()).ok) return;
        toast(`Deleted “${name}”.`);
        onDeleted();
      }}
    >
      {children}
    </ConfirmDialog>
  );
}
