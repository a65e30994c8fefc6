-- The symbols the terminals quote, as they describe them; every instance writes its own
-- terminals' symbols at start, so any instance can answer for all of them.
create table symbol (
    name         varchar(32)  primary key,
    description  varchar(200) not null,
    digits       smallint     not null check (digits between 0 and 10),
    point        numeric(20, 10) not null,
    category     varchar(32)  not null,
    terminal_id  varchar(64)  not null,
    updated_at   timestamptz  not null default now()
);
