-- Operators made with CREATE OPERATOR (not shells: an operator named only as another's
-- commutator or negator, which creating that one makes again).
select o.oid,
       'operator' as kind,
       n.nspname as schema,
       o.oprname::text as name,
       i.identity,
       array[format('create operator %%I.%%s (%%s)', n.nspname, o.oprname, concat_ws(', ',
         'function = ' || o.oprcode::regproc::text,
         'leftarg = ' || format_type(nullif(o.oprleft, 0), null),
         'rightarg = ' || format_type(nullif(o.oprright, 0), null),
         (select format('commutator = operator(%%I.%%s)', cn.nspname, c.oprname)
          from pg_operator c join pg_namespace cn on cn.oid = c.oprnamespace
          where c.oid = o.oprcom),
         (select format('negator = operator(%%I.%%s)', nn.nspname, ng.oprname)
          from pg_operator ng join pg_namespace nn on nn.oid = ng.oprnamespace
          where ng.oid = o.oprnegate),
         case when o.oprrest <> 0 then 'restrict = ' || o.oprrest::regproc::text end,
         case when o.oprjoin <> 0 then 'join = ' || o.oprjoin::regproc::text end,
         case when o.oprcanhash then 'hashes' end,
         case when o.oprcanmerge then 'merges' end
       ))] as "create",
       -- A commutator or negator that was never defined is a shell this operator made: it goes
       -- with it (and comes back with it).
       array['drop operator ' || i.identity] || array(
         select format('drop operator if exists %%I.%%s(%%s, %%s)', sn.nspname, sh.oprname,
                  coalesce(format_type(nullif(sh.oprleft, 0), null), 'none'),
                  coalesce(format_type(nullif(sh.oprright, 0), null), 'none'))
         from pg_operator sh join pg_namespace sn on sn.oid = sh.oprnamespace
         where sh.oid in (o.oprcom, o.oprnegate) and sh.oprcode = 0
         order by 1) as "drop",
       pg_get_userbyid(o.oprowner) as owner,
       obj_description(o.oid, 'pg_operator') as comment
from pg_operator o
join pg_namespace n on n.oid = o.oprnamespace
cross join lateral (
  select format('%%I.%%s(%%s, %%s)', n.nspname, o.oprname,
           coalesce(format_type(nullif(o.oprleft, 0), null), 'none'),
           coalesce(format_type(nullif(o.oprright, 0), null), 'none')) as identity
) i
where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and o.oprcode <> 0
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_operator'::regclass and d.objid = o.oid and d.deptype = 'e'
  )
order by n.nspname, o.oprname, 5
