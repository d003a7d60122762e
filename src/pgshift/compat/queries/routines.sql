-- Every function and procedure outside the system schemas and not owned by an extension.
-- Run with search_path = pg_catalog so format_type() qualifies every non-built-in type.
select p.oid::int8 as oid,
       n.nspname as schema,
       p.proname as name,
       p.prokind::text as kind,
       pg_get_function_identity_arguments(p.oid) as identity,
       pg_get_function_result(p.oid) as result,
       format_type(p.prorettype, null) as returns,
       p.proretset as returns_set,
       p.provariadic <> 0 as variadic,
       p.pronargdefaults::int as defaults,
       array(select format_type(t, null)
             from unnest(p.proargtypes::oid[]) with ordinality as a(t, i) order by i) as input_types,
       array(select format_type(t, null)
             from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality as a(t, i)
             order by i) as all_types,
       coalesce(p.proargmodes::text[], '{}') as modes,
       coalesce(p.proargnames, '{}') as names
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
  and n.nspname not like 'pg\_temp\_%' and n.nspname not like 'pg\_toast\_temp\_%'
  and not exists (select from pg_depend d
                  where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
order by n.nspname, p.proname, identity
