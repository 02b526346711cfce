-- The shared directory: guests, their sign-in identities, invitations and their redeem tickets, consent, policies,
-- the mail outbox, idempotency records and audit events. Constraints live here, not only in code.

create table guest_user (
    id                              uuid primary key,
    display_name                    varchar(256),
    mail                            varchar(254) not null,
    -- the address compared: lower-cased (Locale.ROOT), domain in its ASCII (punycode) form
    mail_key                        varchar(254) not null,
    user_principal_name             varchar(400) not null,
    user_type                       varchar(16)  not null check (user_type in ('Guest', 'Member')),
    external_user_state             varchar(32) check (external_user_state in ('PendingAcceptance', 'Accepted')),
    external_user_state_changed_at  timestamptz,
    creation_type                   varchar(32)  not null check (creation_type in ('Invitation', 'SelfServiceSignUp')),
    account_enabled                 boolean      not null default true,
    created_at                      timestamptz  not null,
    version                         integer      not null default 0
);
create unique index guest_user_one_per_address on guest_user (mail_key);
create index guest_user_by_type on guest_user (user_type, created_at, id);
create index guest_user_by_state on guest_user (external_user_state, created_at, id);
create index guest_user_by_creation on guest_user (creation_type, created_at, id);
create index guest_user_paging on guest_user (created_at, id);

create table sign_in_identity (
    id                  uuid primary key,
    user_id             uuid         not null references guest_user (id) on delete cascade,
    sign_in_type        varchar(32)  not null,
    issuer              varchar(512) not null,
    issuer_assigned_id  varchar(256) not null,
    -- the provider's subject for the client id that produced it (pairwise for Microsoft accounts)
    subject             varchar(256),
    client_id           varchar(256),
    created_at          timestamptz  not null,
    constraint sign_in_identity_once unique (issuer, issuer_assigned_id)
);
create index sign_in_identity_by_user on sign_in_identity (user_id);

create table invitation (
    id                       uuid primary key,
    user_id                  uuid          not null references guest_user (id) on delete cascade,
    invited_email            varchar(254)  not null,
    invited_display_name     varchar(256),
    invite_redirect_url      varchar(2048) not null,
    send_invitation_message  boolean       not null,
    message_language         varchar(35)   not null,
    customized_message_body  text,
    cc_address               varchar(254),
    cc_name                  varchar(256),
    invited_user_type        varchar(16)   not null check (invited_user_type in ('Guest', 'Member')),
    reset_redemption         boolean       not null,
    status                   varchar(32)   not null
        check (status in ('PendingAcceptance', 'Completed', 'Superseded', 'Revoked', 'Expired')),
    delivery_status          varchar(16)   not null check (delivery_status in ('notRequested', 'queued', 'sent', 'failed')),
    expires_at               timestamptz   not null,
    invited_by_subject       varchar(256),
    invited_by_client        varchar(256),
    invited_by_privileged    boolean       not null,
    created_at               timestamptz   not null,
    status_changed_at        timestamptz   not null,
    version                  integer       not null default 0
);
-- at most one pending invitation per guest: re-inviting supersedes the earlier one
create unique index invitation_one_pending_per_user on invitation (user_id) where status = 'PendingAcceptance';
create index invitation_by_user on invitation (user_id);
create index invitation_by_status on invitation (status, created_at, id);
create index invitation_paging on invitation (created_at, id);
create index invitation_expiring on invitation (expires_at) where status = 'PendingAcceptance';

create table redeem_ticket (
    -- SHA-256 of the ticket; the ticket itself is never stored
    ticket_hash    bytea primary key,
    invitation_id  uuid        not null references invitation (id) on delete cascade,
    issued_at      timestamptz not null,
    retired_at     timestamptz,
    retired_reason varchar(32) check (retired_reason in ('Reissued', 'Superseded', 'Revoked', 'Redeemed', 'Reset'))
);
-- one live ticket per invitation
create unique index redeem_ticket_one_live on redeem_ticket (invitation_id) where retired_at is null;

create table consent_record (
    id             uuid primary key,
    user_id        uuid        not null references guest_user (id) on delete cascade,
    invitation_id  uuid references invitation (id) on delete set null,
    terms_version  varchar(64) not null,
    accepted_at    timestamptz not null
);
create index consent_record_by_user on consent_record (user_id);

create table directory_policy (
    id                            smallint primary key check (id = 1),
    allow_invites_from            varchar(64) not null default 'adminsAndGuestInviters'
        check (allow_invites_from in ('none', 'adminsAndGuestInviters', 'adminsGuestInvitersAndAllMembers', 'everyone')),
    allowed_domains               text[]      not null default '{}',
    blocked_domains               text[]      not null default '{}',
    allowed_redirect_origins      text[]      not null default '{}',
    require_matching_address      boolean     not null default true,
    invitation_lifetime_days      integer     not null default 30 check (invitation_lifetime_days between 1 and 90),
    self_service_sign_up_enabled  boolean     not null default false,
    version                       integer     not null default 0,
    constraint directory_policy_domains_exclusive
        check (cardinality(allowed_domains) = 0 or cardinality(blocked_domains) = 0)
);
insert into directory_policy (id) values (1);

create table mail_message (
    id               uuid primary key,
    invitation_id    uuid references invitation (id) on delete cascade,
    kind             varchar(32)  not null check (kind in ('Invitation', 'InvitationNotice')),
    recipient        varchar(254),
    message_id       varchar(255) not null unique,
    -- subject and bodies, encrypted with the data key: they hold a live redeem link; erased once sent
    sealed_content   text,
    status           varchar(16)  not null check (status in ('queued', 'sent', 'failed', 'cancelled')),
    attempts         integer      not null default 0,
    next_attempt_at  timestamptz  not null,
    last_error       varchar(512),
    created_at       timestamptz  not null,
    sent_at          timestamptz
);
create index mail_message_due on mail_message (next_attempt_at) where status = 'queued';
create index mail_message_by_invitation on mail_message (invitation_id);
create index mail_message_retention on mail_message (created_at) where status <> 'queued';

create table idempotency_record (
    id                uuid primary key,
    caller_scope      varchar(600) not null,
    idempotency_key   varchar(255) not null,
    request_hash      bytea        not null,
    state             varchar(16)  not null check (state in ('InProgress', 'Completed')),
    response_status   integer,
    -- the stored response may hold a redeem link: encrypted with the data key
    sealed_response   text,
    created_at        timestamptz  not null,
    constraint idempotency_record_once unique (caller_scope, idempotency_key)
);
create index idempotency_record_retention on idempotency_record (created_at);

create table audit_event (
    id             uuid primary key,
    occurred_at    timestamptz  not null,
    actor_subject  varchar(256),
    actor_client   varchar(256),
    action         varchar(64)  not null,
    target_type    varchar(32)  not null,
    target_id      varchar(64),
    request_id     varchar(128),
    -- addresses and names; erased when the user is deleted, the rest of the event stays
    personal_data  jsonb
);
create index audit_event_retention on audit_event (occurred_at);
create index audit_event_by_target on audit_event (target_id);
