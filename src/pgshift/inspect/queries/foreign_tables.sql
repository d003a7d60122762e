-- Foreign tables (CREATE FOREIGN TABLE), whole: columns with their options, collation,
-- NOT NULL and default, CHECK constraints, the server and options, column comments. A
-- foreign partition names its parent and bound and lists only its own CHECKs. Options whose
-- name says they hold a secret are left out and only named.
select c.oid,
       'foreign table' as kind,
       n.nspname as schema,
       c.relname::text as name,
       format('%%I.%%I', n.nspname, c.relname) as identity,
       array[concat_ws(' ',
         format('create foreign table %%I.%%I', n.nspname, c.relname),
         case when c.relispartition then 'partition of ' || (
           select format('%%I.%%I', pn.nspname, p.relname)
           from pg_inherits i join pg_class p on p.oid = i.inhparent
           join pg_namespace pn on pn.oid = p.relnamespace
           where i.inhrelid = c.oid) end,
         (select '(' || string_agg(item, ', ' order by sort) || ')'
          from (
            select concat_ws(' ', quote_ident(a.attname),
                     format_type(a.atttypid, a.atttypmod),
                     case when a.attfdwoptions is not null then (
                       select 'options (' || string_agg(format('%%I %%L', split_part(o, '=', 1),
                                substr(o, strpos(o, '=') + 1)), ', ' order by i) || ')'
                       from unnest(a.attfdwoptions) with ordinality as x(o, i)) end,
                     case when a.attcollation <> 0 and a.attcollation <> t.typcollation then
                       (select format('collate %%I.%%I', con.nspname, co.collname)
                        from pg_collation co join pg_namespace con on con.oid = co.collnamespace
                        where co.oid = a.attcollation) end,
                     case when a.attnotnull then 'not null' end,
                     'default ' || pg_get_expr(ad.adbin, ad.adrelid)) as item,
                   a.attnum as sort
            from pg_attribute a
            join pg_type t on t.oid = a.atttypid
            left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
            where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
              and not c.relispartition
            union all
            select format('constraint %%I %%s', con.conname, pg_get_constraintdef(con.oid)),
                   32767 + row_number() over (order by con.conname)
            from pg_constraint con
            where con.conrelid = c.oid and con.contype = 'c' and con.conislocal
          ) items),
         case when c.relispartition then pg_get_expr(c.relpartbound, c.oid) end,
         format('server %%I', s.srvname),
         (select 'options (' || string_agg(format('%%I %%L', split_part(o, '=', 1),
                   substr(o, strpos(o, '=') + 1)), ', ' order by i) || ')'
          from unnest(ft.ftoptions) with ordinality as x(o, i)
          where split_part(o, '=', 1) !~* '(pass(word|wd)?|secret|token|api_?key)$')
       )]
       || array(
         select format('comment on column %%I.%%I.%%I is %%L', n.nspname, c.relname, a.attname,
                  col_description(c.oid, a.attnum))
         from pg_attribute a
         where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
           and col_description(c.oid, a.attnum) is not null
         order by a.attnum
       ) as "create",
       array(select split_part(o, '=', 1) from unnest(ft.ftoptions) o
             where split_part(o, '=', 1) ~* '(pass(word|wd)?|secret|token|api_?key)$'
             order by 1) as secret_options,
       pg_get_userbyid(c.relowner) as owner,
       obj_description(c.oid, 'pg_class') as comment
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
order by n.nspname, c.relname
