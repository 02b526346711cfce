-- Applications registered with the directory (Graph's application resource): the clients that will sign guests in
-- through Guestpass as their OpenID Connect provider, and the APIs they call. The application role gets its rights on
-- these tables like on every other (SchemaMigrator grants data manipulation on all tables, default privileges included).

create table application (
    id                           uuid primary key,
    -- the client id
    app_id                       uuid          not null,
    display_name                 varchar(256)  not null,
    sign_in_audience             varchar(32)   not null check (sign_in_audience = 'AzureADMyOrg'),
    web_redirect_uris            text[]        not null default '{}',
    web_logout_url               varchar(1000),
    spa_redirect_uris            text[]        not null default '{}',
    public_client_redirect_uris  text[]        not null default '{}',
    identifier_uris              text[]        not null default '{}',
    -- api.oauth2PermissionScopes: {"items":[{id, value, adminConsentDisplayName, ..., enabled, type}]}
    permission_scopes            jsonb         not null default '{"items":[]}',
    -- {"items":[{keyId, displayName, hint, startDateTime, endDateTime, secretHash}]}: SHA-256 of each secret, never the secret
    password_credentials         jsonb         not null default '{"items":[]}',
    created_at                   timestamptz   not null,
    version                      integer       not null default 0
);
create unique index application_by_app_id on application (app_id);
create index application_paging on application (created_at, id);

-- An identifier URI names one application in the whole directory (it becomes a token's aud). A unique index cannot
-- reach into an array, so each URI is also a row here, kept in step with application.identifier_uris by the trigger
-- below: two applications claiming one URI, even at the same moment, meet this primary key.
create table application_identifier_uri (
    uri             text primary key,
    application_id  uuid not null references application (id) on delete cascade
);
create index application_identifier_uri_by_application on application_identifier_uri (application_id);

create function application_identifier_uris_claim() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'UPDATE' then
        delete from application_identifier_uri where application_id = new.id;
    end if;
    insert into application_identifier_uri (uri, application_id)
        select distinct u, new.id from unnest(new.identifier_uris) as u;
    return new;
end
$$;

create trigger application_identifier_uris_claim
    after insert or update of identifier_uris on application
    for each row execute function application_identifier_uris_claim();
