-- Accounts gain what the provider needs, the program rules and encrypted investor credentials.
alter table trading_account
    add column firm                   varchar(64)   not null default 'The5ers',
    add column provider_account_id    varchar(64),
    add column password_ciphertext    text,
    add column password_key_id        varchar(32),
    add column initial_balance        numeric(18,2) not null default 0,
    add column currency               char(3)       not null default 'USD',
    add column profit_target_pct      numeric(6,2),
    add column max_daily_loss_pct     numeric(6,2),
    add column max_total_loss_pct     numeric(6,2),
    add column min_trading_days       integer,
    add column daily_reset_time       varchar(5)    not null default '00:00',
    add column daily_reset_zone       varchar(64)   not null default 'UTC',
    add column public_fields          varchar(400)  not null default '',
    add column widget_token           varchar(64),
    add column polling                boolean       not null default true;
create unique index trading_account_widget_token on trading_account (widget_token);

-- Owners as auth.users describes them: display names for widgets, active to stop polling.
create table account_owner (
    user_id      uuid         primary key,
    display_name varchar(100) not null,
    active       boolean      not null,
    updated_at   timestamptz  not null default now()
);

-- Metrics at a time. Raw rows are kept a day, then one a minute for 30 days, then one an hour.
create table account_snapshot (
    account_id            uuid          not null references trading_account (id) on delete cascade,
    time                  timestamptz   not null,
    stale                 boolean       not null,
    currency              char(3)       not null,
    balance               numeric(18,2) not null,
    equity                numeric(18,2) not null,
    floating_pnl          numeric(18,2) not null,
    today_pnl             numeric(18,2) not null,
    day_start_equity      numeric(18,2) not null,
    peak_equity           numeric(18,2) not null,
    gain_pct              numeric(10,4) not null,
    max_drawdown_pct      numeric(10,4) not null,
    daily_loss_used_pct   numeric(10,4) not null,
    total_loss_used_pct   numeric(10,4) not null,
    target_progress_pct   numeric(10,4),
    trading_days          integer       not null,
    open_positions        integer       not null,
    rules_breached        varchar(200)  not null default '',
    primary key (account_id, time)
);

-- Every request to a provider, without secrets.
create table provider_request (
    id          bigserial    primary key,
    account_id  uuid         not null,
    provider    varchar(32)  not null,
    call        varchar(32)  not null,
    attempt     integer      not null,
    status      integer,
    outcome     varchar(200) not null,
    duration_ms integer      not null,
    time        timestamptz  not null default now()
);
create index provider_request_account_time on provider_request (account_id, time);
