-- API connectors: REST endpoints a user flow calls during sign-up. Credentials (a Basic password, or PKCS#12 client
-- certificates with their passwords) are sealed with the data key, bound to the connector's id; what may be shown of
-- them (user name, certificate thumbprints and validity) is kept beside in the clear.
create table api_connector (
    id                    uuid primary key,
    display_name          varchar(256)  not null,
    target_url            varchar(2048) not null,
    authentication_type   text          not null check (authentication_type in ('basic', 'clientCertificate')),
    username              varchar(256),
    certificates          jsonb         not null default '{"items":[]}',
    sealed_credentials    text          not null,
    created_at            timestamptz   not null,
    version               integer       not null default 0
);

-- A bound connector cannot be deleted from under a flow (unbind first).
alter table user_flow
    add column post_federation_signup_connector uuid references api_connector (id),
    add column post_attribute_collection_connector uuid references api_connector (id);
