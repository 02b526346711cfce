-- A stored idempotent response names the guest it created or changed (id, address, redeem link): it goes with the guest.
alter table idempotency_record add column user_id uuid references guest_user (id) on delete cascade;
create index idempotency_record_by_user on idempotency_record (user_id);
