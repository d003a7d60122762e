-- The relation locks this session holds now, each with the relation's current file and scan
-- count (both null for a relation the transaction dropped).
select l.relation::bigint as oid,
       l.mode as mode,
       c.relfilenode::bigint as filenode,
       s.seq_scan as seq_scan
from pg_catalog.pg_locks l
left join pg_catalog.pg_class c on c.oid = l.relation
left join pg_catalog.pg_stat_xact_user_tables s on s.relid = l.relation
where l.pid = pg_catalog.pg_backend_pid()
  and l.locktype = 'relation'
  and l.granted
  and l.database = (select oid from pg_catalog.pg_database where datname = current_database())
order by l.relation, l.mode
