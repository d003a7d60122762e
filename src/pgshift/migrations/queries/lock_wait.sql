-- What backend %(pid)s is waiting for, if anything: the lock it has not been granted (a
-- relation, or the transaction of a row it wants) and each session in its way, with what that
-- session is doing. No rows: it waits for nothing.
select w.locktype as locktype,
       n.nspname as schema,
       c.relname as name,
       w.mode as mode,
       w.transactionid::text as transaction,
       b.pid as pid,
       b.usename as user_name,
       b.application_name as application_name,
       b.state as state,
       b.query_start as query_start,
       left(b.query, 200) as query
from pg_catalog.pg_locks w
left join pg_catalog.pg_class c on c.oid = w.relation
left join pg_catalog.pg_namespace n on n.oid = c.relnamespace
cross join lateral unnest(pg_catalog.pg_blocking_pids(w.pid)) as blocking(pid)
join pg_catalog.pg_stat_activity b on b.pid = blocking.pid
where w.pid = %(pid)s
  and not w.granted
order by b.pid
