-- Publications (in no schema: read only without a schema filter): FOR ALL TABLES, or the
-- tables listed (with their column lists and row filters, PostgreSQL 15) and the schemas
-- (TABLES IN SCHEMA, 15), and what they publish. Column lists and row filters come from the
-- pg_publication_tables view, which has them only on servers that do (read as JSON, so one
-- query serves every version); schemas from pg_publication_namespace's dependencies, named by
-- to_regclass, which is NULL before 15.
select p.oid,
       'publication' as kind,
       '' as schema,
       p.pubname::text as name,
       quote_ident(p.pubname) as identity,
       array[concat_ws(' ',
         format('create publication %%I', p.pubname),
         case when p.puballtables then 'for all tables' else
           'for ' || nullif(concat_ws(', ',
             'table ' || (
               select string_agg(concat_ws(' ', format('%%I.%%I', rn.nspname, rc.relname),
                        '(' || (select string_agg(quote_ident(col), ', ')
                                from jsonb_array_elements_text(to_jsonb(pt) -> 'attnames') col
                                where to_jsonb(pr) ->> 'prattrs' is not null) || ')',
                        'where (' || (to_jsonb(pt) ->> 'rowfilter') || ')'),
                      ', ' order by rn.nspname, rc.relname)
               from pg_publication_rel pr
               join pg_class rc on rc.oid = pr.prrelid
               join pg_namespace rn on rn.oid = rc.relnamespace
               -- A partitioned table published as its partitions is not in the view.
               left join pg_publication_tables pt on pt.pubname = p.pubname
                 and pt.schemaname = rn.nspname and pt.tablename = rc.relname
               where pr.prpubid = p.oid),
             'tables in schema ' || (
               select string_agg(quote_ident(sn.nspname), ', ' order by sn.nspname)
               from pg_depend d
               join pg_depend s on s.classid = d.classid and s.objid = d.objid
                 and s.refclassid = 'pg_namespace'::regclass
               join pg_namespace sn on sn.oid = s.refobjid
               where d.classid = to_regclass('pg_catalog.pg_publication_namespace')
                 and d.refclassid = 'pg_publication'::regclass and d.refobjid = p.oid)
           ), '') end,
         format('with (publish = %%L, publish_via_partition_root = %%s)',
           concat_ws(', ', case when p.pubinsert then 'insert' end,
             case when p.pubupdate then 'update' end, case when p.pubdelete then 'delete' end,
             case when p.pubtruncate then 'truncate' end),
           p.pubviaroot::text)
       )] as "create",
       pg_get_userbyid(p.pubowner) as owner,
       obj_description(p.oid, 'pg_publication') as comment
from pg_publication p
where %(schemas)s::text[] is null
order by p.pubname
