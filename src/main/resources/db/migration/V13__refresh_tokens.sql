-- Refresh tokens of the OpenID Connect provider (offline_access). Only the token's SHA-256 is kept. Every use rotates
-- the token (used_at set by the one refresh that wins); all tokens descending from one authorization code form a family
-- (family_id = that code's token_id), revoked as a whole when a rotated token comes back from a public or single-page
-- client, when the code itself is replayed, or row by row when they expire (the worker purges them then).
create table refresh_token (
    token_hash   bytea primary key,
    family_id    uuid not null,
    client_id    text not null,
    client_kind  text not null check (client_kind in ('WEB', 'SPA', 'PUBLIC')),
    user_id      uuid not null references guest_user (id) on delete cascade,
    scope        text not null,
    resource     text,
    idp          text not null,
    auth_time    timestamptz not null,
    -- the SSO session of the sign-in (its id: refreshed ID tokens keep the sid front-channel logout names)
    session_id   uuid,
    signed_in_at timestamptz not null,
    token_id     uuid not null,
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    used_at      timestamptz,
    revoked_at   timestamptz
);
create index refresh_token_family on refresh_token (family_id);
create index refresh_token_expiry on refresh_token (expires_at);
create index refresh_token_token on refresh_token (token_id);
