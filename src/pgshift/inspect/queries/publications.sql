-- Publications on PostgreSQL 13 and 14 (in no schema: read only without a schema filter):
-- FOR ALL TABLES or the tables listed, and what they publish. publications_15.sql reads the
-- column lists, row filters and schemas that 15 brought.
select p.oid,
       'publication' as kind,
       '' as schema,
       p.pubname::text as name,
       quote_ident(p.pubname) as identity,
       array[concat_ws(' ',
         format('create publication %%I', p.pubname),
         case when p.puballtables then 'for all tables' else (
           select 'for table ' || string_agg(format('%%I.%%I', rn.nspname, rc.relname), ', '
                                   order by rn.nspname, rc.relname)
           from pg_publication_rel pr
           join pg_class rc on rc.oid = pr.prrelid
           join pg_namespace rn on rn.oid = rc.relnamespace
           where pr.prpubid = p.oid) end,
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
