-- Security events from every service (topic audit.records), kept for auth.audit.retention.
-- record_id is the event's own id, so a record delivered twice is stored once. Texts arrive cleaned
-- and cut to 201 characters; the columns hold more so that no record can fail to insert.
create table audit_record (
    id          bigserial    primary key,
    record_id   uuid         not null unique,
    occurred_at timestamptz  not null,
    service     varchar(64)  not null,
    event       varchar(64)  not null,
    actor       varchar(256) not null,
    target      varchar(256),
    client      varchar(256),
    outcome     varchar(16)  not null check (outcome in ('ok', 'failed', 'refused')),
    detail      varchar(256)
);
-- Newest first, overall and per actor or target; the purge deletes by time.
create index audit_record_newest on audit_record (occurred_at desc, id desc);
create index audit_record_by_actor on audit_record (actor, occurred_at desc, id desc);
create index audit_record_by_target on audit_record (target, occurred_at desc, id desc);
