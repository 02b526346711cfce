-- Reading the audit trail as Graph's directoryAudit (GET /v1.0/auditLogs/directoryAudits).

-- Who initiated: 'user' (a person, guests redeeming included) or 'application' (a client-credentials token).
alter table audit_event add column actor_type varchar(16);
-- The directory user an event concerns (the invited guest, the changed or deleted user). Unlike personal_data it stays
-- when the user is deleted: the audit keeps the user's id and loses the address and name.
alter table audit_event add column user_id uuid;

-- Events written before this migration: a guest redeeming is a person; an application's token is recognised where its
-- subject is its own client id (RFC 9068's shape); the rest stay unknown and read as a person.
update audit_event set actor_type = 'user' where action = 'invitation.redeemed';
update audit_event set actor_type = 'application' where actor_type is null and actor_subject = actor_client;
update audit_event set user_id = target_id::uuid
    where target_type = 'user' and target_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
update audit_event set user_id = (personal_data ->> 'userId')::uuid
    where user_id is null and personal_data ->> 'userId' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

-- Newest first with a stable tie-break (keyset paging), and one index per $filter that can stand alone.
create index audit_event_newest on audit_event (occurred_at, id);
create index audit_event_by_user on audit_event (user_id);
create index audit_event_by_actor on audit_event (actor_subject);
create index audit_event_by_client on audit_event (actor_client);
create index audit_event_by_action on audit_event (action, occurred_at);
