-- Email one-time passcodes (sign-in provider EmailOtpSignup-OAUTH). One row per code sent (or, for an address app
-- sign-in does not know, per code that was never sent: the pages behave the same). The code itself is never stored: only
-- its HMAC-SHA-256 under a key derived from the data key (8 digits have too few values for a plain hash). A challenge
-- ends once: used, superseded by a newer code for the same address and journey, or exhausted by wrong attempts; every
-- end is one conditional UPDATE, so two submissions of one code at the same moment give one success. The worker purges
-- rows a day after they expired.
create table passcode_challenge (
    id               uuid          primary key,
    journey          varchar(16)   not null,
    address_key      varchar(254)  not null,
    code_mac         bytea         not null,
    attempts         integer       not null default 0,
    created_at       timestamptz   not null,
    expires_at       timestamptz   not null,
    ended_at         timestamptz,
    ended_reason     varchar(16)   check (ended_reason in ('used', 'superseded', 'exhausted')),
    constraint passcode_challenge_ended check ((ended_at is null) = (ended_reason is null))
);
create index passcode_challenge_live on passcode_challenge (address_key, journey) where ended_at is null;
create index passcode_challenge_expiry on passcode_challenge (expires_at);

-- Passcode mail goes through the outbox (no invitation behind it).
alter table mail_message drop constraint mail_message_kind_check;
alter table mail_message add constraint mail_message_kind_check check (kind in ('Invitation', 'InvitationNotice', 'Passcode'));

-- invitationPolicy.redemptionProviders (ours): the providers redemption offers, in this order.
alter table directory_policy add column redemption_providers text[] not null
    default array['MSASignup-OAUTH', 'EmailOtpSignup-OAUTH']::text[];
