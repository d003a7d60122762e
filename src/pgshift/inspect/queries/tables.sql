-- Tables (plain and partitioned) with their columns in attribute order. A partition lists only
-- the columns it does not inherit from its parent (whether made with PARTITION OF or attached);
-- a table inheriting from others (INHERITS) lists only the columns it declares itself.
-- Column settings (statistics target, storage, compression, options) are read only when set.
-- A table's replica identity and CLUSTER index are named by index (or constraint) name.
-- A partition's inherited constraints and attached indexes come as JSON lists (model.Table).
-- A column's keys are in the order of model.Column's fields: the loader then builds it from
-- them by position (see load._build_all).
select c.oid,
       n.nspname as schema,
       c.relname as name,
       c.relkind = 'p' as partitioned,
       case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end as partition_key,
       case when c.relispartition then
         (select i.inhparent::regclass::text from pg_inherits i where i.inhrelid = c.oid)
       end as partition_of,
       case when c.relispartition then pg_get_expr(c.relpartbound, c.oid) end as partition_bound,
       case when c.relispartition then '{}'::text[] else
         array(select i.inhparent::regclass::text from pg_inherits i
               where i.inhrelid = c.oid order by i.inhseqno)
       end as inherits,
       c.relpersistence = 'u' as unlogged,
       c.relrowsecurity as row_security,
       c.relforcerowsecurity as force_row_security,
       coalesce(c.reloptions, '{}')::text[] as options,
       -- USING INDEX without that index (it was dropped) acts as NOTHING.
       case c.relreplident when 'd' then 'default' when 'f' then 'full' when 'n' then 'nothing'
         else coalesce(
           (select 'index' from pg_index i where i.indrelid = c.oid and i.indisreplident),
           'nothing')
       end as replica_identity,
       (select ic.relname from pg_index i join pg_class ic on ic.oid = i.indexrelid
        where i.indrelid = c.oid and i.indisreplident and c.relreplident = 'i'
       ) as replica_identity_index,
       (select ic.relname from pg_index i join pg_class ic on ic.oid = i.indexrelid
        where i.indrelid = c.oid and i.indisclustered) as cluster_on,
       coalesce(
         (select json_agg(json_build_object(
                   'name', a.attname::text,
                   'type', format_type(a.atttypid, a.atttypmod),
                   'position', a.attnum,
                   'collation', case when a.attcollation <> t.typcollation then
                     (select quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
                      from pg_collation co join pg_namespace cn on cn.oid = co.collnamespace
                      where co.oid = a.attcollation)
                   end,
                   'not_null', a.attnotnull,
                   'default', case when a.attgenerated = '' then pg_get_expr(ad.adbin, ad.adrelid) end,
                   'generated', case when a.attgenerated <> '' then pg_get_expr(ad.adbin, ad.adrelid) end,
                   'generated_kind', case a.attgenerated when 's' then 'stored' when 'v' then 'virtual' end,
                   'identity', case a.attidentity when 'a' then 'always' when 'd' then 'by default' end,
                   'comment', cd.description,
                   -- Before 17 the default target is -1, from 17 on NULL.
                   'statistics', nullif(a.attstattarget::integer, -1),
                   'storage', case when a.attstorage <> t.typstorage then
                     case a.attstorage when 'p' then 'plain' when 'e' then 'external'
                       when 'm' then 'main' when 'x' then 'extended' end
                   end,
                   -- attcompression arrived in 14: read by name from the row, NULL before.
                   -- Only a type that can be toasted takes one (the row as JSON is costly).
                   'compression', case when t.typstorage <> 'p' then
                     case to_jsonb(a) ->> 'attcompression' when 'p' then 'pglz' when 'l' then 'lz4'
                     end
                   end,
                   'options', coalesce(a.attoptions, '{}'),
                   'type_storage', case when a.attstorage <> t.typstorage then
                     case t.typstorage when 'p' then 'plain' when 'e' then 'external'
                       when 'm' then 'main' when 'x' then 'extended' end
                   end) order by a.attnum)
          from pg_attribute a
          join pg_type t on t.oid = a.atttypid
          left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
          -- col_description() and obj_description() as joins: a lookup each is costly
          left join pg_description cd
            on cd.objoid = a.attrelid and cd.classoid = 'pg_class'::regclass
           and cd.objsubid = a.attnum
          where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
            and (case when c.relispartition then a.attinhcount = 0 else a.attislocal end)),
         '[]'::json
       ) as columns,
       -- What a partition has from its parent (constraints.sql and indexes.sql leave it out):
       -- kept, as the table's own, by DETACH PARTITION.
       case when c.relispartition then coalesce(
         (select json_agg(json_build_object(
                   'schema', n.nspname,
                   'table', c.relname,
                   'name', con.conname,
                   'type', case con.contype
                     when 'p' then 'primary key' when 'u' then 'unique'
                     when 'f' then 'foreign key' when 'c' then 'check' when 'x' then 'exclusion'
                   end,
                   'definition', pg_get_constraintdef(con.oid),
                   'comment', obj_description(con.oid, 'pg_constraint')) order by con.conname)
          from pg_constraint con
          where con.conrelid = c.oid and con.contype in ('p', 'u', 'f', 'c', 'x')
            and con.coninhcount > 0),
         '[]'::json) else '[]'::json
       end as inherited_constraints,
       case when c.relispartition then coalesce(
         (select json_agg(json_build_object(
                   'schema', n.nspname,
                   'table', c.relname,
                   'name', ic.relname,
                   'definition', pg_get_indexdef(i.indexrelid),
                   'valid', i.indisvalid,
                   'comment', obj_description(i.indexrelid, 'pg_class')) order by ic.relname)
          from pg_index i
          join pg_class ic on ic.oid = i.indexrelid
          where i.indrelid = c.oid
            and exists (select from pg_inherits inh where inh.inhrelid = i.indexrelid)
            and not exists (
              select from pg_constraint con
              where con.conindid = i.indexrelid and con.conrelid = c.oid
                and con.contype in ('p', 'u', 'x')
            )),
         '[]'::json) else '[]'::json
       end as inherited_indexes,
       case when c.reloftype <> 0 then format_type(c.reloftype, null) end as of_type,
       (select quote_ident(ts.spcname) from pg_tablespace ts where ts.oid = c.reltablespace)
         as tablespace,
       (select quote_ident(am.amname) from pg_am am where am.oid = c.relam
          and am.amname <> 'heap') as access_method,
       pg_get_userbyid(c.relowner) as owner,
       ds.description as comment
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
left join pg_description ds
  on ds.objoid = c.oid and ds.classoid = 'pg_class'::regclass and ds.objsubid = 0
where c.relkind in ('r', 'p')
  and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e'
  )
order by n.nspname, c.relname
