-- Server-side sessions behind the short-lived JWT cookies. The id is the token's `sid` claim.
alter table app_user add column must_change_password boolean not null default false;

create table user_session (
    id                  varchar(64)  primary key,
    user_id             uuid         not null references app_user (id),
    created_at          timestamptz  not null default now(),
    last_seen_at        timestamptz  not null default now(),
    idle_expires_at     timestamptz  not null,
    absolute_expires_at timestamptz  not null,
    revoked_at          timestamptz,
    revoked_reason      varchar(32),
    user_agent          varchar(256),
    client_address      varchar(64)
);
create index user_session_open_by_user on user_session (user_id) where revoked_at is null;

-- Token signing keys (RS256). A key is published in the JWKS from created_at, signs from
-- active_from, and leaves the JWKS at retire_at, after the last token it signed has expired.
create table signing_key (
    kid         varchar(64)  primary key,
    private_key text         not null,
    public_key  text         not null,
    created_at  timestamptz  not null default now(),
    active_from timestamptz  not null,
    retire_at   timestamptz
);

-- Machine credentials. The secret is shown once; only its SHA-256 is kept.
create table api_key (
    id           uuid         primary key,
    name         varchar(100) not null,
    scope        varchar(32)  not null,
    secret_hash  varchar(64)  not null unique,
    created_by   uuid         not null references app_user (id),
    created_at   timestamptz  not null default now(),
    expires_at   timestamptz,
    revoked_at   timestamptz,
    last_used_at timestamptz
);

-- Transactional outbox: a state change and its event commit together; the relay publishes and deletes.
create table outbox (
    id         bigserial    primary key,
    topic      varchar(64)  not null,
    record_key varchar(128) not null,
    payload    text         not null,
    created_at timestamptz  not null default now()
);
