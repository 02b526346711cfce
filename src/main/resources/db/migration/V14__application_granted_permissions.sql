-- The Guestpass API permissions an application holds for the tokens it gets with client credentials (ours; Entra keeps
-- these as app role assignments to the Graph service principal). Set by a Global Administrator only; read again on every
-- call the application makes to /v1.0, so that taking one away takes effect at once.
alter table application add column granted_permissions text[] not null default '{}';
