-- Guestpass's own single sign-on sessions. The browser holds a sealed cookie naming a row and carrying its secret; only
-- the secret's SHA-256 is kept, so a leaked table signs nobody in, and a row can be revoked (logout,
-- revokeSignInSessions). client_ids are the applications the session signed in to (front-channel logout).
create table sso_session (
    id               uuid primary key,
    secret_hash      bytea not null,
    user_id          uuid not null references guest_user (id) on delete cascade,
    idp              text not null,
    provider_subject text not null,
    provider_client  text,
    auth_time        timestamptz not null,
    created_at       timestamptz not null,
    expires_at       timestamptz not null,
    revoked_at       timestamptz,
    client_ids       text[] not null default '{}'
);
create index sso_session_user on sso_session (user_id);
create index sso_session_expiry on sso_session (expires_at);
-- the session a code was issued under: its id is the ID token's sid (front-channel logout)
alter table authorization_code add column session_id uuid;
