-- Subscribers of a public status page (capability 10): visitors by email (double opt-in: a
-- row is 'pending' until its confirmation link is used, and nothing is sent to it before) and
-- webhooks added by the page's admins (confirmed at once, signed with their own secret).
-- component_ids null = every component; otherwise only incidents touching one of them.
-- Unsubscribing deletes the row: the address is not kept. What was sent to a subscriber is in
-- notify_deliveries (ref_type 'status_subscriber', ref_id = id).

create table status_subscribers (
  id uuid primary key default gen_random_uuid(),
  page_id text not null references status_pages(id) on delete cascade,
  kind text not null check (kind in ('email', 'webhook')),
  email text check (email is null or (email = lower(email) and length(email) between 3 and 254)),
  url text check (url is null or length(url) between 8 and 2000),
  secret text,
  component_ids text[],
  state text not null check (state in ('pending', 'confirmed')),
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  confirmed_at timestamptz,
  -- The last confirmation email, so repeated sign-ups cannot flood someone's inbox.
  confirmation_sent_at timestamptz,
  check ((kind = 'email' and email is not null and url is null) or
         (kind = 'webhook' and url is not null and secret is not null and email is null))
);
create unique index status_subscribers_email on status_subscribers (page_id, email) where kind = 'email';
create unique index status_subscribers_url on status_subscribers (page_id, url) where kind = 'webhook';
create index status_subscribers_confirmed on status_subscribers (page_id, created_at) where state = 'confirmed';
