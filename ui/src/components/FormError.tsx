/** The error a form's last submission got, announced to screen readers as it appears. */
export function FormError({ error }: { error: string | null }) {
  return (
    <div className="form-error" role="alert">
      {error && (
        <p>
          <span aria-hidden="true" className="form-error-icon">
            !
          </span>
          {error}
        </p>
      )}
    </div>
  );
}
