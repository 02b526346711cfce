-- What a sign-up user flow collected about a guest (built-in attributes such as city, and custom ones under their
-- extension_<appId>_<name> ids); surfaced on the Graph user beside the fixed properties.
alter table guest_user add column attributes jsonb not null default '{}'::jsonb;
