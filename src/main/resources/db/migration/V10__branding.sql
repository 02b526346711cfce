-- The organization's company branding (Graph's organizationalBranding, default localization only): one row, created by
-- the first change. The banner logo is kept as checked bytes (PNG or JPEG, at most 10 KB); its tag is the SHA-256 of
-- the bytes, the ETag browsers revalidate with.
create table organizational_branding (
    id                 smallint primary key check (id = 1),
    sign_in_page_text  varchar(1024),
    background_color   varchar(7) check (background_color ~ '^#[0-9A-Fa-f]{6}$'),
    banner_logo        bytea check (octet_length(banner_logo) <= 10240),
    banner_logo_type   varchar(16) check (banner_logo_type in ('image/png', 'image/jpeg')),
    banner_logo_tag    varchar(64),
    updated_at         timestamptz not null,
    version            integer not null default 0,
    constraint organizational_branding_logo_whole
        check ((banner_logo is null) = (banner_logo_type is null) and (banner_logo is null) = (banner_logo_tag is null))
);

-- Who sent an invitation, as the mail names them: a person's name and address from their token at invitation time, or
-- an application (whose name the token does not carry). Null on invitations sent before.
alter table invitation add column invited_by_name varchar(320);
alter table invitation add column invited_by_application boolean not null default false;

-- nothing set yet: pages and mail look as before until an administrator brands them
insert into organizational_branding (id, updated_at) values (1, now());
