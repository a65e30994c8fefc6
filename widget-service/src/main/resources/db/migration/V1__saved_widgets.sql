-- Widgets that traders and admins saved in the builders, served at /widgets/w/{id}.
create table saved_widget (
    id          uuid         primary key,
    owner_id    uuid         not null,
    kind        varchar(32)  not null,
    name        varchar(100) not null,
    config      jsonb        not null,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now()
);
create index saved_widget_owner on saved_widget (owner_id);
