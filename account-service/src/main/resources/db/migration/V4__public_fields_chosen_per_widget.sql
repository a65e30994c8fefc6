-- What an account widget shows is chosen by the widget alone (its "fields" option, in
-- widget-service); the account-level list was a second owner of the same decision, never read.
alter table trading_account drop column public_fields;
