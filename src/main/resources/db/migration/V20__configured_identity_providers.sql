-- Identity providers an administrator configures (Google, Facebook, generic OpenID Connect). Built-in ones are code
-- (their state is identity_provider_state). The client secret is sealed with the data key, bound to the provider's id.
-- Google and Facebook have fixed ids (Google-OAUTH, Facebook-OAUTH): the primary key allows one of each, even for two
-- administrators at the same moment. The version changes with every change: a journey compares it with the one it built
-- its provider client from.
create table configured_identity_provider (
    id                            varchar(128)  primary key,
    identity_provider_type        text          not null check (identity_provider_type in ('Google', 'Facebook', 'OpenIdConnect')),
    display_name                  varchar(256)  not null,
    client_id                     varchar(256)  not null,
    sealed_client_secret          text          not null,
    metadata_url                  varchar(2048),
    scope                         varchar(1024),
    claims_mapping                jsonb,
    client_authentication_method  text          check (client_authentication_method in ('client_secret_basic', 'client_secret_post')),
    created_at                    timestamptz   not null,
    version                       integer       not null default 0,
    constraint configured_identity_provider_social_id
        check (identity_provider_type = 'OpenIdConnect' or id = identity_provider_type || '-OAUTH'),
    constraint configured_identity_provider_openid_settings
        check ((identity_provider_type = 'OpenIdConnect') = (metadata_url is not null and scope is not null
            and claims_mapping is not null and client_authentication_method is not null))
);
