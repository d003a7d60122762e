-- The relation locks this session holds now, each with the relation's current file and this
-- transaction's scan count (file null for a relation the transaction dropped). The statistics
-- function, not the pg_stat_xact_user_tables view: this runs after every statement measured,
-- and the view costs a few milliseconds a call in a transaction full of DDL.
select l.relation::bigint as oid,
       l.mode as mode,
       c.relfilenode::bigint as filenode,
       pg_catalog.pg_stat_get_xact_numscans(l.relation) as seq_scan
from pg_catalog.pg_locks l
left join pg_catalog.pg_class c on c.oid = l.relation
where l.pid = pg_catalog.pg_backend_pid()
  and l.locktype = 'relation'
  and l.granted
  and l.database = (select oid from pg_catalog.pg_database where datname = current_database())
order by l.relation, l.mode
