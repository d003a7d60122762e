-- How many user objects of each kind the model does not read, so that inspect and diff can say
-- so instead of reporting a database as fully listed (or two databases as equal) when they
-- differ only in those. Same scope as the other queries: no system schemas, no extension
-- members, only the schemas asked for. Objects that live in no schema (event triggers,
-- publications, servers...) count only when no schema filter is given: a filtered diff does
-- not compare them either. A kind leaves this list when a query of its own reads it.
with user_namespaces as (
  select n.oid
  from pg_namespace n
  where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
    and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
),
extension_members as (
  select d.classid, d.objid from pg_depend d where d.deptype = 'e'
),
whole_database as (
  select %(schemas)s::text[] is null as counted
),
user_relations as (
  select c.oid, c.relkind, c.reltablespace, c.reloftype
  from pg_class c
  where c.relnamespace in (select oid from user_namespaces)
    and (c.oid, 'pg_class'::regclass) not in (select objid, classid from extension_members)
),
counts as (
  select 'default_privileges' as kind, count(*) as n
  from pg_default_acl da
  where (da.defaclnamespace = 0 and (select counted from whole_database))
     or da.defaclnamespace in (select oid from user_namespaces)
  union all
  select 'moving_aggregates', count(*)
  from pg_aggregate ag join pg_proc p on p.oid = ag.aggfnoid
  where ag.aggmtransfn <> 0 and p.pronamespace in (select oid from user_namespaces)
    and (p.oid, 'pg_proc'::regclass) not in (select objid, classid from extension_members)
  union all
  select 'operators', count(*)
  from pg_operator o
  where o.oprnamespace in (select oid from user_namespaces)
    and (o.oid, 'pg_operator'::regclass) not in (select objid, classid from extension_members)
  union all
  select 'operator_classes', count(*)
  from pg_opclass oc
  where oc.opcnamespace in (select oid from user_namespaces)
    and (oc.oid, 'pg_opclass'::regclass) not in (select objid, classid from extension_members)
  union all
  select 'operator_families', count(*)
  from pg_opfamily ofa
  where ofa.opfnamespace in (select oid from user_namespaces)
    -- CREATE OPERATOR CLASS makes a family of the same name for itself: that one is the class.
    and not exists (
      select from pg_opclass oc
      where oc.opcfamily = ofa.oid and oc.opcname = ofa.opfname
        and oc.opcnamespace = ofa.opfnamespace
    )
    and (ofa.oid, 'pg_opfamily'::regclass) not in (select objid, classid from extension_members)
  union all
  select 'publications', count(*)
  from pg_publication pb
  where (select counted from whole_database)
  union all
  select 'subscriptions', count(su.oid)
  from pg_subscription su
  where (select counted from whole_database)
    and su.subdbid = (select oid from pg_database where datname = current_database())
  union all
  select 'text_search_configurations', count(*)
  from pg_ts_config cfg
  where cfg.cfgnamespace in (select oid from user_namespaces)
    and (cfg.oid, 'pg_ts_config'::regclass) not in (select objid, classid from extension_members)
  union all
  select 'text_search_dictionaries', count(*)
  from pg_ts_dict dct
  where dct.dictnamespace in (select oid from user_namespaces)
    and (dct.oid, 'pg_ts_dict'::regclass) not in (select objid, classid from extension_members)
  union all
  select 'text_search_templates', count(*)
  from pg_ts_template tmp
  where tmp.tmplnamespace in (select oid from user_namespaces)
    and (tmp.oid, 'pg_ts_template'::regclass) not in (select objid, classid from extension_members)
  union all
  select 'text_search_parsers', count(*)
  from pg_ts_parser prs
  where prs.prsnamespace in (select oid from user_namespaces)
    and (prs.oid, 'pg_ts_parser'::regclass) not in (select objid, classid from extension_members)
  union all
  select 'conversions', count(*)
  from pg_conversion cv
  where cv.connamespace in (select oid from user_namespaces)
    and (cv.oid, 'pg_conversion'::regclass) not in (select objid, classid from extension_members)
  union all
  select 'access_methods', count(*)
  from pg_am am
  where (select counted from whole_database) and am.oid >= 16384
    and (am.oid, 'pg_am'::regclass) not in (select objid, classid from extension_members)
  union all
  select 'languages', count(*)
  from pg_language lan
  where (select counted from whole_database) and lan.oid >= 16384
    and (lan.oid, 'pg_language'::regclass) not in (select objid, classid from extension_members)
  union all
  select 'statistics', count(*)
  from pg_statistic_ext se
  where se.stxnamespace in (select oid from user_namespaces)
    and (se.oid, 'pg_statistic_ext'::regclass) not in (select objid, classid from extension_members)
  union all
  select 'casts', count(*)
  from pg_cast ca
  where (select counted from whole_database) and ca.oid >= 16384
    and (ca.oid, 'pg_cast'::regclass) not in (select objid, classid from extension_members)
  union all
  select 'foreign_tables', count(*)
  from user_relations ur where ur.relkind = 'f'
  union all
  select 'foreign_servers', count(*)
  from pg_foreign_server fs
  where (select counted from whole_database)
    and (fs.oid, 'pg_foreign_server'::regclass) not in (select objid, classid from extension_members)
  union all
  select 'user_mappings', count(*)
  from pg_user_mapping um
  where (select counted from whole_database)
  union all
  select 'foreign_data_wrappers', count(*)
  from pg_foreign_data_wrapper fdw
  where (select counted from whole_database)
    and (fdw.oid, 'pg_foreign_data_wrapper'::regclass)
      not in (select objid, classid from extension_members)
  union all
  select 'typed_tables', count(*)
  from user_relations ur where ur.reloftype <> 0
  union all
  -- Settings of columns of materialized views and statistics targets of index columns (an
  -- index's other column fields come from its table or are part of its definition).
  select 'view_and_index_column_settings', count(*)
  from user_relations ur
  join pg_attribute a on a.attrelid = ur.oid and a.attnum > 0 and not a.attisdropped
  join pg_type t on t.oid = a.atttypid
  where ur.relkind in ('m', 'i', 'I')
    and (nullif(a.attstattarget::integer, -1) is not null
      or (ur.relkind = 'm' and (a.attstorage <> t.typstorage or a.attoptions is not null
        or coalesce(to_jsonb(a) ->> 'attcompression', '') <> '')))
  union all
  -- A tablespace is the cluster's; what a database holds is which relations live in one.
  select 'tablespace_placements', count(*)
  from user_relations ur where ur.reltablespace <> 0
)
select kind, n::integer as count
from counts
where n > 0
order by kind
