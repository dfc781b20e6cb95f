import { FormError } from './FormError.tsx';

/**
 * The end of an editor form: the server's problems no field shows, then Save and Cancel.
 * `unplacedProblems` are the messages that name no field on the form.
 */
export function EditorFooter(props: {
  failed: boolean;
  unplacedProblems: string[];
  pending: boolean;
  saveLabel: string;
  onCancel: () => void;
}) {
  const { failed, unplacedProblems, pending, saveLabel, onCancel } = props;
  return (
    <>
      <FormError
        error={
          failed
            ? unplacedProblems.length
              ? unplacedProblems.join('; ')
              : 'Correct the fields marked above.'
            : null
        }
      />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? 'Saving…' : saveLabel}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}
