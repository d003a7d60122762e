-- Which user object needs which: normal and automatic dependencies from pg_depend, named by
-- catalog and oid. The loader turns both sides into model keys (see object_aliases.sql).
select dc.relname::text as catalog,
       d.objid as oid,
       rc.relname::text as referenced_catalog,
       d.refobjid as referenced_oid
from pg_depend d
join pg_class dc on dc.oid = d.classid
join pg_class rc on rc.oid = d.refclassid
where d.deptype in ('n', 'a')
  -- FirstNormalObjectId: built-in objects are always there (but the public schema can be dropped)
  and d.objid >= 16384
  and (d.refobjid >= 16384 or d.refclassid = 'pg_namespace'::regclass)
-- Not sorted: the loader collects them into sets (tens of thousands of rows: a sort on disk).
