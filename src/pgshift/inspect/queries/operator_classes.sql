-- Operator classes (CREATE OPERATOR CLASS) with their operators, support functions and
-- storage type. FAMILY is named unless the family is the class's own (of its name, and no
-- other class in it), which CREATE OPERATOR CLASS makes; any other is listed on its own.
select c.oid,
       'operator class' as kind,
       n.nspname as schema,
       c.opcname::text as name,
       format('%%I.%%I using %%I', n.nspname, c.opcname, am.amname) as identity,
       array[concat_ws(' ',
         format('create operator class %%I.%%I', n.nspname, c.opcname),
         case when c.opcdefault then 'default' end,
         'for type', format_type(c.opcintype, null),
         format('using %%I', am.amname),
         case when not own.family then format('family %%I.%%I', fn.nspname, f.opfname) end,
         'as',
         (select string_agg(member, ', ' order by sort)
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
              and ((d.refclassid = 'pg_opclass'::regclass and d.refobjid = c.oid)
                or (own.family and d.refclassid = 'pg_opfamily'::regclass
                    and d.refobjid = c.opcfamily))
            join pg_operator op on op.oid = ao.amopopr
            join pg_namespace opn on opn.oid = op.oprnamespace
            union all
            select format('function %%s (%%s, %%s) %%s', ap.amprocnum,
                     format_type(ap.amproclefttype, null), format_type(ap.amprocrighttype, null),
                     ap.amproc::regprocedure),
                   (2, ap.amprocnum::integer, ap.amproclefttype::integer,
                    ap.amprocrighttype::integer)
            from pg_amproc ap
            join pg_depend d on d.classid = 'pg_amproc'::regclass and d.objid = ap.oid
              and ((d.refclassid = 'pg_opclass'::regclass and d.refobjid = c.oid)
                or (own.family and d.refclassid = 'pg_opfamily'::regclass
                    and d.refobjid = c.opcfamily))
            union all
            select 'storage ' || format_type(c.opckeytype, null), (3, 0, 0, 0)
            where c.opckeytype <> 0
          ) members)
       )] as "create",
       -- The family CREATE OPERATOR CLASS made for the class stays when the class is dropped.
       array[format('drop operator class %%I.%%I using %%I', n.nspname, c.opcname, am.amname)]
       || array(
         select format('drop operator family %%I.%%I using %%I', n.nspname, c.opcname,
                  am.amname)
         where own.family) as "drop",
       pg_get_userbyid(c.opcowner) as owner,
       obj_description(c.oid, 'pg_opclass') as comment
from pg_opclass c
join pg_namespace n on n.oid = c.opcnamespace
join pg_am am on am.oid = c.opcmethod
join pg_opfamily f on f.oid = c.opcfamily
join pg_namespace fn on fn.oid = f.opfnamespace
-- The family CREATE OPERATOR CLASS made for this class alone: what the server filed under it
-- (cross-type members, and since PostgreSQL 13 a GiST, GIN, SP-GiST or BRIN class's operators
-- and optional functions) is the class's too, written in its CREATE, which files it the same.
cross join lateral (
  select (f.opfname, f.opfnamespace) = (c.opcname, c.opcnamespace)
         and not exists (select from pg_opclass o2 where o2.opcfamily = f.oid
                         and o2.oid <> c.oid) as family
) own
where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_opclass'::regclass and d.objid = c.oid and d.deptype = 'e'
  )
order by n.nspname, c.opcname, am.amname
