-- Redemption: throttling counters, settled atomically in the database (any instance may take any request).
create table rate_limit (
    bucket             varchar(300) primary key,
    window_started_at  timestamptz  not null,
    hits               integer      not null
);
create index rate_limit_retention on rate_limit (window_started_at);
