-- The Microsoft (personal account) application client ids whose ID tokens this application may present to the sign-up
-- back-end API, POST /signup/{userFlowId} (ours). Lower-case GUIDs, each once, at most 10 (checked by the API).
alter table application add column microsoft_account_client_ids text[] not null default '{}';
