-- Microsoft-account ID tokens already presented to the sign-up back-end API: each is accepted once. Only the token's
-- SHA-256 is kept; the first insert wins (insert ... on conflict do nothing, one statement in its own transaction), so of
-- two uses at the same moment on any number of instances exactly one succeeds. A row is needed only while its token
-- could still pass the expiry check: the worker purges it after expires_at (the token's exp).
create table consumed_id_token (
    token_hash  bytea primary key,
    expires_at  timestamptz not null
);
create index consumed_id_token_expiry on consumed_id_token (expires_at);
