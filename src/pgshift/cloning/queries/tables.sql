-- The tables whose rows a clone copies: plain tables and leaf partitions, not those of an
-- extension, not temporary. copy_columns leaves out generated columns (COPY cannot fill them);
-- all_columns is what the verification checksums.
select n.nspname as schema,
       c.relname as name,
       pg_catalog.pg_relation_size(c.oid) as bytes,
       array(select a.attname::text from pg_catalog.pg_attribute a
             where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
               and a.attgenerated = '' order by a.attnum) as copy_columns,
       array(select a.attname::text from pg_catalog.pg_attribute a
             where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
             order by a.attnum) as all_columns,
       -- 16384 is FirstNormalObjectId: types below it ship with the server
       not exists (select from pg_catalog.pg_attribute a
                   where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                     and a.atttypid >= 16384) as builtin_types,
       -- every column a built-in scalar type with a hash function: the checksum may hash the
       -- values themselves instead of the row's text
       not exists (select from pg_catalog.pg_attribute a
                   join pg_catalog.pg_type t on t.oid = a.atttypid
                   where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                     and (t.oid >= 16384 or t.typtype <> 'b' or t.typelem <> 0
                          or not exists (select from pg_catalog.pg_opclass oc
                                         join pg_catalog.pg_am am on am.oid = oc.opcmethod
                                         where am.amname = 'hash' and oc.opcdefault
                                           and oc.opcintype = t.oid))) as hashable,
       -- heap and TOAST: what reading the whole table moves (bytes, the heap alone, is what
       -- ctid ranges split)
       pg_catalog.pg_table_size(c.oid) as stored_bytes,
       -- the planner's row estimate, for progress; null when there is none (-1 from 14 on,
       -- 0 over no pages before: never vacuumed or analyzed)
       case when c.reltuples > 0 or (c.reltuples = 0 and c.relpages > 0)
            then c.reltuples::float8 end as rows
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind = 'r'
  and c.relpersistence in ('p', 'u')
  and n.nspname not in ('pg_catalog', 'information_schema', 'pgshift_clone')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_catalog.pg_depend d
                  where d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                    and d.objid = c.oid and d.deptype = 'e')
order by bytes desc, schema, name
