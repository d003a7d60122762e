-- Table constraints: primary key, unique, foreign key, check, exclusion. NOT NULL lives on the
-- column; constraint triggers are triggers; constraints a partition or child table inherits are
-- its parent's.
select con.oid,
       n.nspname as schema,
       c.relname as "table",
       con.conname as name,
       case con.contype
         when 'p' then 'primary key' when 'u' then 'unique' when 'f' then 'foreign key'
         when 'c' then 'check' when 'x' then 'exclusion'
       end as type,
       -- What pg_get_constraintdef leaves out of a key's index, written as pg_dump does: its
       -- storage parameters (WITH, which an exclusion constraint's definition has) and its
       -- tablespace (USING INDEX TABLESPACE), before the DEFERRABLE words that end the
       -- definition, or before an exclusion constraint's WHERE.
       coalesce(
         (select case when con.contype = 'x' and def.text ~ ' WHERE \('
                   then regexp_replace(def.text, ' WHERE \(', extra || ' WHERE (')
                   else regexp_replace(def.text, '( DEFERRABLE( INITIALLY DEFERRED)?)?$',
                          extra || '\1') end
          from pg_class ic
          cross join lateral (
            select concat(
                     case when con.contype in ('p', 'u') then
                       ' WITH (' || (select string_agg(format('%%I=%%L', split_part(o, '=', 1),
                                              substr(o, strpos(o, '=') + 1)), ', ')
                                     from unnest(ic.reloptions) o) || ')' end,
                     ' USING INDEX TABLESPACE ' || (select quote_ident(ts.spcname)
                                                    from pg_tablespace ts
                                                    where ts.oid = ic.reltablespace)) as extra
          ) params
          where ic.oid = con.conindid and con.contype in ('p', 'u', 'x') and extra <> ''),
         def.text) as definition,
       dsc.description as comment
from pg_constraint con
join pg_class c on c.oid = con.conrelid
cross join lateral (select pg_get_constraintdef(con.oid) as text) def
join pg_namespace n on n.oid = c.relnamespace
left join pg_description dsc
  on dsc.objoid = con.oid and dsc.classoid = 'pg_constraint'::regclass and dsc.objsubid = 0
where con.contype in ('p', 'u', 'f', 'c', 'x')
  and con.coninhcount = 0
  and c.relkind in ('r', 'p')
  and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e'
  )
order by n.nspname, c.relname, con.conname
