-- Service keys provisioned from configuration (auth.service-keys."<name>"): no admin created
-- them, so created_by is empty and provisioned_as names the configuration entry instead.
alter table api_key alter column created_by drop not null;
alter table api_key add column provisioned_as varchar(60);
alter table api_key add constraint api_key_created_by_or_provisioned
    check ((created_by is null) <> (provisioned_as is null));
-- One live key per entry; replaced and removed ones stay, revoked, for the audit trail's names.
create unique index api_key_live_provisioned on api_key (provisioned_as) where revoked_at is null;
