-- Aggregates, identified like functions (name and identity arguments), with their
-- moving-aggregate support (MSFUNC and friends) when they have one.
select p.oid,
       n.nspname as schema,
       p.proname as name,
       pg_get_function_identity_arguments(p.oid) as signature,
       pg_get_function_arguments(p.oid) as arguments,
       case a.aggkind when 'o' then 'ordered-set' when 'h' then 'hypothetical' else 'normal' end
         as aggregate_kind,
       a.aggtransfn::text as sfunc,
       format_type(a.aggtranstype, null) as stype,
       nullif(a.aggtransspace, 0) as sspace,
       case when a.aggfinalfn <> 0 then a.aggfinalfn::text end as finalfunc,
       a.aggfinalextra as finalfunc_extra,
       case a.aggfinalmodify when 'r' then 'read_only' when 's' then 'shareable'
         when 'w' then 'read_write' end as finalfunc_modify,
       case when a.aggcombinefn <> 0 then a.aggcombinefn::text end as combinefunc,
       case when a.aggserialfn <> 0 then a.aggserialfn::text end as serialfunc,
       case when a.aggdeserialfn <> 0 then a.aggdeserialfn::text end as deserialfunc,
       a.agginitval as initcond,
       case when a.aggmtransfn <> 0 then a.aggmtransfn::text end as msfunc,
       case when a.aggminvtransfn <> 0 then a.aggminvtransfn::text end as minvfunc,
       case when a.aggmtransfn <> 0 then format_type(a.aggmtranstype, null) end as mstype,
       nullif(a.aggmtransspace, 0) as msspace,
       case when a.aggmfinalfn <> 0 then a.aggmfinalfn::text end as mfinalfunc,
       a.aggmfinalextra as mfinalfunc_extra,
       case when a.aggmtransfn <> 0 then
         case a.aggmfinalmodify when 'r' then 'read_only' when 's' then 'shareable'
           when 'w' then 'read_write' end end as mfinalfunc_modify,
       a.aggminitval as minitcond,
       (select 'OPERATOR(' || quote_ident(opn.nspname) || '.' || o.oprname || ')'
        from pg_operator o join pg_namespace opn on opn.oid = o.oprnamespace
        where o.oid = a.aggsortop) as sortop,
       case p.proparallel when 's' then 'safe' when 'r' then 'restricted' else 'unsafe' end
         as parallel,
       pg_get_userbyid(p.proowner) as owner,
       obj_description(p.oid, 'pg_proc') as comment
from pg_aggregate a
join pg_proc p on p.oid = a.aggfnoid
join pg_namespace n on n.oid = p.pronamespace
where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e'
  )
order by n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)
