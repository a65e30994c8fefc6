-- A saved widget's allow-list: the sites (origins) that may frame it; empty means only
-- WidgetForge's own pages (the builder's preview). "*" is an explicit "any site".
alter table saved_widget add column allowed_sites jsonb not null default '[]';
create index saved_widget_kind on saved_widget (kind);
