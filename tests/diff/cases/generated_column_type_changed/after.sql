alter domain score rename to score_before;
create domain score as bigint check (value >= 0);
alter table g alter doubled type score, alter next type bigint;
drop domain score_before;
