-- Prop-firm trading accounts, owned by a user of auth-service (by id, no foreign key:
-- users live in another service's database).
create table trading_account (
    id          uuid         primary key,
    owner_id    uuid         not null,
    platform    varchar(16)  not null,
    login       bigint       not null,
    server      varchar(100) not null,
    label       varchar(100) not null,
    provider    varchar(32)  not null,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now(),
    unique (provider, server, login)
);
create index trading_account_owner on trading_account (owner_id);
