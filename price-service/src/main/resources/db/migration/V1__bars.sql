-- Chart history: one OHLC bar per (symbol, timeframe, open time). MT5 field names.
create table bar (
    symbol       varchar(32) not null,
    timeframe    varchar(3)  not null check (timeframe in ('M1', 'M5', 'M15', 'M30', 'H1', 'H4', 'D1')),
    time         timestamptz not null,
    open         numeric(20, 10) not null,
    high         numeric(20, 10) not null,
    low          numeric(20, 10) not null,
    close        numeric(20, 10) not null,
    tick_volume  bigint not null default 0,
    spread       integer not null default 0,
    real_volume  bigint not null default 0,
    terminal_id  varchar(64) not null,
    primary key (symbol, timeframe, time)
);
