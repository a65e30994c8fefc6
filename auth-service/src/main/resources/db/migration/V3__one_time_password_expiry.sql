-- A one-time password (generated for a new user or a reset) stops working after this instant;
-- null for a password the user chose.
alter table app_user add column password_expires_at timestamptz;
