-- Functions and procedures, identified by name and identity arguments. Aggregates are left out:
-- pg_get_functiondef cannot render them. So are functions a type made for itself (a range
-- type's constructors): they come and go with the type.
select p.oid,
       n.nspname as schema,
       p.proname as name,
       case when spelled.needed then spelled.identity
            else pg_get_function_identity_arguments(p.oid) end as signature,
       case p.prokind when 'p' then 'procedure' else 'function' end as kind,
       case when spelled.needed then spelled.arguments
            else pg_get_function_arguments(p.oid) end as arguments,
       pg_get_function_result(p.oid) as result,
       oidvectortypes(p.proargtypes) as argument_types,
       pg_get_functiondef(p.oid) as definition,
       pg_get_userbyid(p.proowner) as owner,
       dsc.description as comment
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
left join pg_description dsc
  on dsc.objoid = p.oid and dsc.classoid = 'pg_proc'::regclass and dsc.objsubid = 0
-- PostgreSQL 13 prints a procedure's plain arguments without IN, 14 and later with it: spell
-- them as 14 does, so that one procedure has one key whichever server it is read from.
cross join lateral (
    select bool_or(true) is not null as needed,
           coalesce(string_agg(a.word, ', ' order by a.n), '') as identity,
           coalesce(string_agg(a.word || coalesce(' DEFAULT '
                    || pg_get_function_arg_default(p.oid, a.n::int), ''), ', ' order by a.n), '')
               as arguments
    from (
        select u.n,
               case u.mode when 'b' then 'INOUT ' when 'v' then 'VARIADIC '
                           when 'o' then 'OUT ' else 'IN ' end
               || coalesce(quote_ident(nullif(u.name, '')) || ' ', '')
               || format_type(u.type, null) as word
        from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargmodes,
                    p.proargnames) with ordinality as u(type, mode, name, n)
        where p.prokind = 'p' and %(server_version_num)s < 140000
    ) a
) spelled
where p.prokind in ('f', 'p', 'w')
  and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype in ('e', 'i')
  )
order by n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)
