-- Self-service sign-up user flows (Graph's b2xIdentityUserFlow) and what they collect.

-- Built-in identity providers are code; what an administrator may change about them (ours: enabled or not) is a row.
-- No row: enabled.
create table identity_provider_state (
    id          text primary key,
    enabled     boolean     not null,
    changed_at  timestamptz not null
);

-- A flow: its providers in the order its page offers them, and its attribute assignments in the order its form asks
-- for them ({"items":[{attributeId, displayName, isOptional, requiresVerification, userInputType, userAttributeValues}]}).
create table user_flow (
    id                      varchar(128) primary key,
    user_flow_type          text        not null,
    user_flow_type_version  integer     not null,
    identity_providers      text[]      not null default '{}',
    attribute_assignments   jsonb       not null default '{"items":[]}',
    created_at              timestamptz not null,
    version                 integer     not null default 0
);

-- Custom attributes (built-in ones are code). The id is what users carry: extension_<extensionsAppId>_<name>.
create table user_flow_attribute (
    id            varchar(200) primary key,
    display_name  varchar(100) not null,
    description   varchar(1024),
    data_type     text         not null,
    created_at    timestamptz  not null
);

-- An application uses at most one flow (the primary key says so, even for two administrators at the same moment).
create table user_flow_application (
    application_id  uuid primary key references application (id) on delete cascade,
    user_flow_id    varchar(128) not null references user_flow (id) on delete cascade,
    linked_at       timestamptz  not null
);
create index user_flow_application_by_flow on user_flow_application (user_flow_id);
