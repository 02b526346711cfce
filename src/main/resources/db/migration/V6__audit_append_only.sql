-- The audit trail is append-only for the application role: it may add and read events, never rewrite or delete them,
-- and it has no rights at all on Flyway's history (SchemaMigrator grants exactly that). What the application
-- legitimately removes goes through these two functions. They run with their owner's (the schema owner's) rights and
-- can do nothing else: search_path is pinned and every name is schema-qualified, so objects another role creates
-- cannot stand in for the ones meant here.

-- Events older than the retention instant, but never younger than 30 days: a compromised application can neither
-- rewrite the trail nor wipe its own recent tracks.
create function purge_audit_events(older_than timestamptz) returns bigint
    language sql
    security definer
    set search_path = pg_catalog, pg_temp
as $$
    with purged as (
        delete from public.audit_event
        where occurred_at < least(older_than, pg_catalog.now() - interval '30 days')
        returning 1)
    select pg_catalog.count(*) from purged
$$;

-- A deleted user's addresses and names leave the trail; the events themselves stay. Every event about a user names it in
-- user_id (AuditTrail sets it, V3 filled it in for older events), so one indexed lookup finds them. (The parameter is not
-- called user_id: in a SQL function that column would win over it.)
create function erase_audit_personal_data(erased_user uuid) returns bigint
    language sql
    security definer
    set search_path = pg_catalog, pg_temp
as $$
    with erased as (
        update public.audit_event set personal_data = null
        where personal_data is not null
          and user_id = erased_user
        returning 1)
    select pg_catalog.count(*) from erased
$$;

-- functions are executable by PUBLIC unless said otherwise; SchemaMigrator grants EXECUTE to the application role
revoke all on function purge_audit_events(timestamptz) from public;
revoke all on function erase_audit_personal_data(uuid) from public;
