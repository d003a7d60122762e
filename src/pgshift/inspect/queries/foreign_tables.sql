-- Foreign tables (CREATE FOREIGN TABLE), whole: the columns it declares with their options,
-- collation, NOT NULL and default, its CHECKs, parents (INHERITS) or partition bound, server,
-- then what CREATE cannot say: a partition's column options, defaults and NOT NULL, column
-- statistics targets, storage and attribute options, column and constraint comments. The
-- table's options are data (`options`, `name=value`), changed in place. Options whose name
-- says they hold a secret (%(secret_option)s) are never read, only named (a column's as
-- `column.option`).
with foreign_table as (
  select c.oid, c.relname, c.relispartition, c.relpartbound, n.nspname, s.srvname,
         ft.ftoptions, format('%%I.%%I', n.nspname, c.relname) as qualified
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  join pg_foreign_table ft on ft.ftrelid = c.oid
  join pg_foreign_server s on s.oid = ft.ftserver
  where c.relkind = 'f'
    and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
    and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
    and not exists (
      select from pg_depend d
      where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e'
    )
),
-- Each column the table declares itself (a partition: none), with what it sets.
local_column as (
  select a.attrelid, a.attnum, a.attname, a.attnotnull, a.attstattarget, a.attoptions,
         format_type(a.atttypid, a.atttypmod) as type,
         case when a.attstorage <> t.typstorage then
           case a.attstorage when 'p' then 'plain' when 'e' then 'external' when 'm' then 'main'
             when 'x' then 'extended' end end as storage,
         (select 'options (' || string_agg(format('%%I %%L', split_part(o, '=', 1),
                   substr(o, strpos(o, '=') + 1)), ', ' order by i) || ')'
          from unnest(a.attfdwoptions) with ordinality as x(o, i)
          where split_part(o, '=', 1) !~* %(secret_option)s) as options,
         case when a.attcollation <> 0 and a.attcollation <> t.typcollation then
           (select format('collate %%I.%%I', con.nspname, co.collname)
            from pg_collation co join pg_namespace con on con.oid = co.collnamespace
            where co.oid = a.attcollation) end as collation,
         case when a.attgenerated = '' then pg_get_expr(ad.adbin, ad.adrelid) end as "default",
         case when a.attgenerated <> '' then format('generated always as (%%s) %%s',
           pg_get_expr(ad.adbin, ad.adrelid),
           case a.attgenerated when 'v' then 'virtual' else 'stored' end) end as generated,
         col_description(a.attrelid, a.attnum) as comment,
         ftt.relispartition,
         ftt.qualified
  from foreign_table ftt
  join pg_attribute a on a.attrelid = ftt.oid
  join pg_type t on t.oid = a.atttypid
  left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
  where a.attnum > 0 and not a.attisdropped and (a.attislocal or ftt.relispartition)
)
select ftt.oid,
       'foreign table' as kind,
       ftt.nspname as schema,
       ftt.relname::text as name,
       ftt.qualified as identity,
       array[concat_ws(' ',
         'create foreign table ' || ftt.qualified,
         case when ftt.relispartition then 'partition of ' || (
           select format('%%I.%%I', pn.nspname, p.relname)
           from pg_inherits i join pg_class p on p.oid = i.inhparent
           join pg_namespace pn on pn.oid = p.relnamespace
           where i.inhrelid = ftt.oid) end,
         coalesce((select '(' || string_agg(item, ', ' order by sort) || ')'
          from (
            select concat_ws(' ', quote_ident(lc.attname), lc.type, lc.options, lc.collation,
                     case when lc.attnotnull then 'not null' end,
                     'default ' || lc."default", lc.generated) as item,
                   lc.attnum as sort
            from local_column lc
            where lc.attrelid = ftt.oid and not lc.relispartition
            union all
            select format('constraint %%I %%s', con.conname, pg_get_constraintdef(con.oid)),
                   32767 + row_number() over (order by con.conname)
            from pg_constraint con
            where con.conrelid = ftt.oid and con.contype = 'c' and con.conislocal
          ) items), case when not ftt.relispartition then '()' end),
         case when not ftt.relispartition then 'inherits (' || (
           select string_agg(format('%%I.%%I', pn.nspname, p.relname), ', '
                    order by i.inhseqno)
           from pg_inherits i join pg_class p on p.oid = i.inhparent
           join pg_namespace pn on pn.oid = p.relnamespace
           where i.inhrelid = ftt.oid) || ')' end,
         case when ftt.relispartition then pg_get_expr(ftt.relpartbound, ftt.oid) end,
         format('server %%I', ftt.srvname)
       )]
       || array(
         select format('alter foreign table %%s alter column %%I %%s', ftt.qualified,
                  lc.attname, setting)
         from local_column lc
         cross join lateral (values
           (1, case when lc.relispartition then lc.options end),
           (2, case when lc.relispartition then 'set default ' || lc."default" end),
           (3, case when lc.relispartition and lc.attnotnull then 'set not null' end),
           (4, 'set statistics ' || nullif(lc.attstattarget::integer, -1)),
           (5, 'set storage ' || lc.storage),
           (6, 'set (' || array_to_string(lc.attoptions, ', ') || ')')
         ) as s(step, setting)
         where lc.attrelid = ftt.oid and setting is not null
         order by lc.attnum, step
       )
       || array(
         select format('comment on column %%s.%%I is %%L', ftt.qualified, lc.attname,
                  lc.comment)
         from local_column lc where lc.attrelid = ftt.oid and lc.comment is not null
         order by lc.attnum
       )
       || array(
         select format('comment on constraint %%I on %%s is %%L', con.conname, ftt.qualified,
                  obj_description(con.oid, 'pg_constraint'))
         from pg_constraint con
         where con.conrelid = ftt.oid and con.contype = 'c' and con.conislocal
           and obj_description(con.oid, 'pg_constraint') is not null
         order by con.conname
       ) as "create",
       array(select o from unnest(ftt.ftoptions) with ordinality as x(o, i)
             where split_part(o, '=', 1) !~* %(secret_option)s order by i) as options,
       array(
         select shown from (
           select split_part(o, '=', 1) as option, split_part(o, '=', 1) as shown
           from unnest(ftt.ftoptions) o
           union all
           select split_part(o, '=', 1), a.attname || '.' || split_part(o, '=', 1)
           from pg_attribute a, unnest(a.attfdwoptions) o
           where a.attrelid = ftt.oid and a.attnum > 0 and not a.attisdropped
         ) named
         where option ~* %(secret_option)s
         order by 1) as secret_options,
       pg_get_userbyid(c.relowner) as owner,
       obj_description(ftt.oid, 'pg_class') as comment
from foreign_table ftt
join pg_class c on c.oid = ftt.oid
order by ftt.nspname, ftt.relname
