-- The keys that sign the tokens Guestpass issues as an OpenID Connect provider. They live here, not per instance and not
-- in Terraform (the aws provider cannot make RSA keys): every function signs with the same current key and publishes the
-- same key set. The private key is sealed with the data key (DataCipher, purpose bound to the kid); only its public JWK
-- is readable. Rotation (the worker): next (published, not signing) -> current (signing) -> previous (still published,
-- for tokens it signed) -> retired (private key erased, never published again).
create table signing_key (
    kid                 varchar(100) primary key,
    status              varchar(20)  not null check (status in ('next', 'current', 'previous', 'retired')),
    public_jwk          text         not null,
    sealed_private_key  text,
    -- a key is in the published key set from the moment it exists
    published_at        timestamptz  not null,
    activated_at        timestamptz,
    superseded_at       timestamptz,
    retired_at          timestamptz,
    check ((status = 'retired') = (sealed_private_key is null)),
    check (status in ('next', 'retired') or activated_at is not null),
    check (status <> 'previous' or superseded_at is not null),
    check (status <> 'retired' or retired_at is not null)
);

-- At most one key signs and at most one waits: two migrate runs, or two worker runs, racing can never leave two.
create unique index signing_key_one_current on signing_key (status) where status = 'current';
create unique index signing_key_one_next on signing_key (status) where status = 'next';
