-- Operator families made with CREATE OPERATOR FAMILY, with the operators and support
-- functions added to them on their own (ALTER OPERATOR FAMILY ... ADD): those an operator
-- class brought are the class's. The family CREATE OPERATOR CLASS makes for itself (same name
-- and schema) is the class, not listed here.
select f.oid,
       'operator family' as kind,
       n.nspname as schema,
       f.opfname::text as name,
       format('%%I.%%I using %%I', n.nspname, f.opfname, am.amname) as identity,
       array_remove(array[
         format('create operator family %%I.%%I using %%I', n.nspname, f.opfname, am.amname),
         (select format('alter operator family %%I.%%I using %%I add ', n.nspname, f.opfname,
                   am.amname) || string_agg(member, ', ' order by sort)
          from (
            select format('operator %%s %%I.%%s(%%s, %%s)', ao.amopstrategy, opn.nspname,
                     op.oprname, format_type(ao.amoplefttype, null),
                     format_type(ao.amoprighttype, null))
                   || coalesce((select format(' for order by %%I.%%I', sfn.nspname, sf.opfname)
                                from pg_opfamily sf
                                join pg_namespace sfn on sfn.oid = sf.opfnamespace
                                where ao.amoppurpose = 'o' and sf.oid = ao.amopsortfamily), '')
                     as member,
                   (1, ao.amopstrategy::integer, ao.amoplefttype::integer,
                    ao.amoprighttype::integer) as sort
            from pg_amop ao
            join pg_depend d on d.classid = 'pg_amop'::regclass and d.objid = ao.oid
              and d.refclassid = 'pg_opfamily'::regclass and d.refobjid = f.oid
            join pg_operator op on op.oid = ao.amopopr
            join pg_namespace opn on opn.oid = op.oprnamespace
            where ao.amopfamily = f.oid
            union all
            select format('function %%s (%%s, %%s) %%s', ap.amprocnum,
                     format_type(ap.amproclefttype, null), format_type(ap.amprocrighttype, null),
                     ap.amproc::regprocedure),
                   (2, ap.amprocnum::integer, ap.amproclefttype::integer,
                    ap.amprocrighttype::integer)
            from pg_amproc ap
            join pg_depend d on d.classid = 'pg_amproc'::regclass and d.objid = ap.oid
              and d.refclassid = 'pg_opfamily'::regclass and d.refobjid = f.oid
            where ap.amprocfamily = f.oid
          ) members)
       ], null) as "create",
       -- Its own members dropped: the family as CREATE alone makes it.
       array_remove(array[
         (select format('alter operator family %%I.%%I using %%I drop ', n.nspname, f.opfname,
                   am.amname) || string_agg(member, ', ' order by sort)
          from (
            select format('operator %%s (%%s, %%s)', ao.amopstrategy,
                     format_type(ao.amoplefttype, null), format_type(ao.amoprighttype, null))
                     as member,
                   (1, ao.amopstrategy::integer, ao.amoplefttype::integer,
                    ao.amoprighttype::integer) as sort
            from pg_amop ao
            join pg_depend d on d.classid = 'pg_amop'::regclass and d.objid = ao.oid
              and d.refclassid = 'pg_opfamily'::regclass and d.refobjid = f.oid
            where ao.amopfamily = f.oid
            union all
            select format('function %%s (%%s, %%s)', ap.amprocnum,
                     format_type(ap.amproclefttype, null), format_type(ap.amprocrighttype, null)),
                   (2, ap.amprocnum::integer, ap.amproclefttype::integer,
                    ap.amprocrighttype::integer)
            from pg_amproc ap
            join pg_depend d on d.classid = 'pg_amproc'::regclass and d.objid = ap.oid
              and d.refclassid = 'pg_opfamily'::regclass and d.refobjid = f.oid
            where ap.amprocfamily = f.oid
          ) members)
       ], null) as reset,
       pg_get_userbyid(f.opfowner) as owner,
       obj_description(f.oid, 'pg_opfamily') as comment
from pg_opfamily f
join pg_namespace n on n.oid = f.opfnamespace
join pg_am am on am.oid = f.opfmethod
where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  -- ... unless other classes share it: then it is listed, and every class names it.
  and not exists (
    select from pg_opclass oc
    where oc.opcfamily = f.oid and oc.opcname = f.opfname and oc.opcnamespace = f.opfnamespace
      and not exists (select from pg_opclass o2 where o2.opcfamily = f.oid and o2.oid <> oc.oid)
  )
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_opfamily'::regclass and d.objid = f.oid and d.deptype = 'e'
  )
order by n.nspname, f.opfname, am.amname
