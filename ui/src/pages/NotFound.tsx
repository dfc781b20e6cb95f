import { PageHeader } from '../components/PageHeader.tsx';
import { Link } from '../router.tsx';

export function NotFound({ message }: { message?: string }) {
  return (
    <>
      <PageHeader title="Not found" />
      <p>{message ?? 'There is no page at this address.'}</p>
      <p>
        <Link to="/">Go to your organisation</Link>
      </p>
    </>
  );
}
