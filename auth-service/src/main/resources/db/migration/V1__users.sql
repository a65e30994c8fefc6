-- Traders and admins. Passwords are bcrypt modular-crypt strings (Elytron JDBC reads them).
create table app_user (
    id            uuid         primary key,
    email         varchar(254) not null,
    display_name  varchar(100) not null,
    password_hash varchar(100) not null,
    role          varchar(16)  not null check (role in ('trader', 'admin')),
    active        boolean      not null default true,
    created_at    timestamptz  not null default now(),
    updated_at    timestamptz  not null default now(),
    last_login_at timestamptz
);
create unique index app_user_email_key on app_user (lower(email));
