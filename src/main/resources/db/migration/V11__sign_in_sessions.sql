-- Graph's signInSessionsValidFromDateTime: SSO sessions and refresh tokens issued before it are refused.
alter table guest_user add column sign_in_sessions_valid_from timestamptz;
