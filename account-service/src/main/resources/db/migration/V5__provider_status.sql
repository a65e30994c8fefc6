-- Each account's provider status as the dashboard shows it: when a poll last succeeded, and the
-- last poll's error (a short message written by account-service, never a provider's body), which
-- the next good poll clears. Circuit state is not stored: it lives in the running service.
create table provider_status (
    account_id    uuid        primary key references trading_account (id) on delete cascade,
    last_sync_at  timestamptz,
    last_error    varchar(200),
    last_error_at timestamptz
);
