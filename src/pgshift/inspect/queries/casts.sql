-- Casts made with CREATE CAST (not built in, not an extension's; in no schema: read only
-- without a schema filter). They have no owner.
select ca.oid,
       'cast' as kind,
       '' as schema,
       format_type(ca.castsource, null) || ' as ' || format_type(ca.casttarget, null) as name,
       format('(%%s as %%s)', format_type(ca.castsource, null), format_type(ca.casttarget, null))
         as identity,
       array[concat_ws(' ',
         format('create cast (%%s as %%s)', format_type(ca.castsource, null),
           format_type(ca.casttarget, null)),
         case ca.castmethod when 'f' then 'with function ' || ca.castfunc::regprocedure::text
           when 'i' then 'with inout' else 'without function' end,
         case ca.castcontext when 'a' then 'as assignment' when 'i' then 'as implicit' end
       )] as "create",
       obj_description(ca.oid, 'pg_cast') as comment
from pg_cast ca
where %(schemas)s::text[] is null and ca.oid >= 16384
  and not exists (
    select from pg_depend d
    -- 'i': the casts a range type makes to its multirange type come and go with it.
    where d.classid = 'pg_cast'::regclass and d.objid = ca.oid and d.deptype in ('e', 'i')
  )
order by 4
