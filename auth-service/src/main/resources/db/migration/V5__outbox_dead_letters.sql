-- Outbox events the broker refused for good (too large, unreadable): kept here for an operator
-- instead of blocking every event behind them. widgetforge_outbox_dead_letters counts them.
create table outbox_dead_letter (
    id          bigint       primary key,
    topic       varchar(64)  not null,
    record_key  varchar(128) not null,
    payload     text         not null,
    created_at  timestamptz  not null,
    failed_at   timestamptz  not null default now(),
    error       varchar(500) not null
);
