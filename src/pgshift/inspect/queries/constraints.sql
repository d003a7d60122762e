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
       -- The index of a key in another tablespace says so (as pg_dump writes it), before the
       -- DEFERRABLE words that end the definition; an exclusion constraint's WHERE comes after.
       coalesce(
         (select regexp_replace(pg_get_constraintdef(con.oid),
                   '( DEFERRABLE( INITIALLY DEFERRED)?)?$',
                   ' USING INDEX TABLESPACE ' || quote_ident(ts.spcname) || '\1')
          from pg_class ic join pg_tablespace ts on ts.oid = ic.reltablespace
          where ic.oid = con.conindid and con.contype in ('p', 'u', 'x')
            and pg_get_constraintdef(con.oid) !~ ' WHERE \('),
         pg_get_constraintdef(con.oid)) as definition,
       dsc.description as comment
from pg_constraint con
join pg_class c on c.oid = con.conrelid
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
