-- Authorization codes of the OpenID Connect provider. Only the code's SHA-256 is kept; a code is single use (redeemed_at
-- is set by the one exchange that wins) and lives at most 60 seconds. A replayed code marks its grant revoked, and tokens
-- issued for it stop working where Guestpass checks them (userinfo).
create table authorization_code (
    code_hash      bytea primary key,
    client_id      text not null,
    redirect_uri   text not null,
    code_challenge text,
    user_id        uuid not null references guest_user (id) on delete cascade,
    scope          text not null,
    resource       text,
    nonce          text,
    auth_time      timestamptz not null,
    expires_at     timestamptz not null,
    created_at     timestamptz not null,
    redeemed_at    timestamptz,
    revoked_at     timestamptz,
    token_id       uuid,
    idp            text not null
);
create index authorization_code_expiry on authorization_code (expires_at);
create index authorization_code_token on authorization_code (token_id);
