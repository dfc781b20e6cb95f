import { useSession } from '../session.tsx';
import { AuthLayout } from './AuthLayout.tsx';

export function Loading() {
  return (
    <div className="splash" role="status">
      Loading Swimmy…
    </div>
  );
}

/** The server did not answer the session probe: say so plainly and offer a retry. */
export function Unreachable({ message }: { message: string }) {
  const { refresh } = useSession();
  return (
    <AuthLayout>
      <h1>Cannot reach Swimmy</h1>
      <p role="alert">{message}</p>
      <button type="button" className="button primary" onClick={() => void refresh()}>
        Try again
      </button>
    </AuthLayout>
  );
}
