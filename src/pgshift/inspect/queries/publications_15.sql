-- Publications on PostgreSQL 15 and later (in no schema: read only without a schema filter):
-- FOR ALL TABLES, or the tables listed with their column lists and row filters and the
-- schemas (TABLES IN SCHEMA), and what they publish, generated columns included (18).
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
                        '(' || (select string_agg(quote_ident(a.attname), ', ' order by k.i)
                                from unnest(pr.prattrs) with ordinality as k(attnum, i)
                                join pg_attribute a on a.attrelid = pr.prrelid
                                  and a.attnum = k.attnum) || ')',
                        'where (' || pg_get_expr(pr.prqual, pr.prrelid) || ')'),
                      ', ' order by rn.nspname, rc.relname)
               from pg_publication_rel pr
               join pg_class rc on rc.oid = pr.prrelid
               join pg_namespace rn on rn.oid = rc.relnamespace
               where pr.prpubid = p.oid),
             'tables in schema ' || (
               select string_agg(quote_ident(sn.nspname), ', ' order by sn.nspname)
               from pg_publication_namespace pn
               join pg_namespace sn on sn.oid = pn.pnnspid
               where pn.pnpubid = p.oid)
           ), '') end,
         format('with (%%s)', concat_ws(', ',
           format('publish = %%L', concat_ws(', ', case when p.pubinsert then 'insert' end,
             case when p.pubupdate then 'update' end, case when p.pubdelete then 'delete' end,
             case when p.pubtruncate then 'truncate' end)),
           'publish_via_partition_root = ' || p.pubviaroot::text,
           case to_jsonb(p) ->> 'pubgencols' when 's' then 'publish_generated_columns = stored'
           end))
       )] as "create",
       pg_get_userbyid(p.pubowner) as owner,
       obj_description(p.oid, 'pg_publication') as comment
from pg_publication p
where %(schemas)s::text[] is null
order by p.pubname
