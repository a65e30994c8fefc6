-- Percentages of a tiny initial balance can be large: room for them rather than a failed insert.
alter table account_snapshot
    alter column gain_pct            type numeric(16,4),
    alter column max_drawdown_pct    type numeric(16,4),
    alter column daily_loss_used_pct type numeric(16,4),
    alter column total_loss_used_pct type numeric(16,4),
    alter column target_progress_pct type numeric(16,4);
