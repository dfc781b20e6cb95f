import { useEffect, useState } from 'react';
import { api, messageOf } from '../api.ts';
import { FormError } from '../components/FormError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { When } from '../components/When.tsx';
import { atLeast, ROLE_HELP, ROLE_LABEL } from '../format.ts';
import { Link } from '../router.tsx';
import type { Org, SessionOrg } from '../types.ts';
import { RecentActivity } from './RecentActivity.tsx';
import { RenameOrg } from './RenameOrg.tsx';

export function Overview({ org }: { org: SessionOrg }) {
  const [details, setDetails] = useState<Org | null>(null);
  const [error, setError] = useState<string | null>(null);
  const admin = atLeast(org.role, 'admin');

  useEffect(() => {
    api.org(org.id).then(setDetails, (err) => setError(messageOf(err)));
  }, [org.id]);

  const base = `/o/${org.handle}`;
  return (
    <>
      <PageHeader title={details?.name ?? org.name} context="Overview" />
      <p className="muted">
        <span>@{org.handle}</span>
        {details && (
          <>
            {' · created '}
            <When iso={details.createdAt} />
          </>
        )}
      </p>
      <FormError error={error} />

      <section className="panel" aria-labelledby="access-title">
        <h2 id="access-title">Your access</h2>
        <p>
          <span className={`role role-${org.role}`}>{ROLE_LABEL[org.role]}</span> — {ROLE_HELP[org.role]}.
        </p>
      </section>

      <div className="cards">
        <Link to={`${base}/attacks`} className="card">
          <strong>Attacks</strong>
          <span className="muted">DDoS attacks detected from flow telemetry, live.</span>
        </Link>
        <Link to={`${base}/mitigations`} className="card">
          <strong>Mitigations</strong>
          <span className="muted">FlowSpec and RTBH rules: proposed, announced, withdrawn.</span>
        </Link>
        <Link to={`${base}/incidents`} className="card">
          <strong>Incidents</strong>
          <span className="muted">Who is on call, and what is paging them.</span>
        </Link>
        <Link to={`${base}/oncall`} className="card">
          <strong>On-call</strong>
          <span className="muted">Schedules, escalation policies, routing and integrations.</span>
        </Link>
        <Link to={`${base}/members`} className="card">
          <strong>Members</strong>
          <span className="muted">Who is in {org.name}, and their roles.</span>
        </Link>
        {admin && (
          <Link to={`${base}/tokens`} className="card">
            <strong>API tokens</strong>
            <span className="muted">Credentials for scripts, routers and monitoring.</span>
          </Link>
        )}
        {admin && (
          <Link to={`${base}/audit`} className="card">
            <strong>Audit log</strong>
            <span className="muted">Who did what, and when.</span>
          </Link>
        )}
        <a href="/api/docs" className="card" target="_blank" rel="noopener">
          <strong>
            API reference <span aria-hidden="true">↗</span>
          </strong>
          <span className="muted">Every endpoint, with examples. Authenticate with an API token.</span>
        </a>
      </div>

      {admin && <RecentActivity org={org} />}
      {admin && details && <RenameOrg org={details} onRenamed={setDetails} />}
    </>
  );
}
