-- Foreign-data wrappers made with CREATE FOREIGN DATA WRAPPER (not an extension's; in no
-- schema: read only without a schema filter). Options are data (`options`, `name=value`),
-- changed in place; those whose name says they hold a secret (%(secret_option)s) are never
-- read, only named.
select w.oid,
       'foreign data wrapper' as kind,
       '' as schema,
       w.fdwname::text as name,
       quote_ident(w.fdwname) as identity,
       array[concat_ws(' ',
         format('create foreign data wrapper %%I', w.fdwname),
         case when w.fdwhandler <> 0 then 'handler ' || w.fdwhandler::regproc::text end,
         case when w.fdwvalidator <> 0 then 'validator ' || w.fdwvalidator::regproc::text
           else 'no validator' end
       )] as "create",
       array(select o from unnest(w.fdwoptions) with ordinality as x(o, i)
             where split_part(o, '=', 1) !~* %(secret_option)s order by i) as options,
       array(select split_part(o, '=', 1) from unnest(w.fdwoptions) o
             where split_part(o, '=', 1) ~* %(secret_option)s order by 1) as secret_options,
       pg_get_userbyid(w.fdwowner) as owner,
       obj_description(w.oid, 'pg_foreign_data_wrapper') as comment
from pg_foreign_data_wrapper w
where %(schemas)s::text[] is null
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_foreign_data_wrapper'::regclass and d.objid = w.oid
      and d.deptype = 'e'
  )
order by w.fdwname
