-- Text search configurations: the parser, then one ADD MAPPING per list of dictionaries,
-- naming every token type that uses that list (in token order).
select c.oid,
       'text search configuration' as kind,
       n.nspname as schema,
       c.cfgname::text as name,
       format('%%I.%%I', n.nspname, c.cfgname) as identity,
       array[format('create text search configuration %%I.%%I (parser = %%I.%%I)', n.nspname,
         c.cfgname, pn.nspname, p.prsname)]
       || array(
         select format('alter text search configuration %%I.%%I add mapping for %%s with %%s',
                  n.nspname, c.cfgname, string_agg(quote_ident(tt.alias), ', ' order by maps.tokid),
                  dictionaries)
         from (
           select m.maptokentype as tokid,
                  string_agg(format('%%I.%%I', dn.nspname, dc.dictname), ', '
                    order by m.mapseqno) as dictionaries
           from pg_ts_config_map m
           join pg_ts_dict dc on dc.oid = m.mapdict
           join pg_namespace dn on dn.oid = dc.dictnamespace
           where m.mapcfg = c.oid
           group by m.maptokentype
         ) maps
         join ts_token_type(c.cfgparser) tt on tt.tokid = maps.tokid
         group by dictionaries
         order by min(maps.tokid)
       ) as "create",
       -- No mappings left, whatever they were: the configuration as CREATE alone makes it.
       array[format('alter text search configuration %%I.%%I drop mapping if exists for %%s',
         n.nspname, c.cfgname,
         (select string_agg(quote_ident(tt.alias), ', ' order by tt.tokid)
          from ts_token_type(c.cfgparser) tt))] as reset,
       pg_get_userbyid(c.cfgowner) as owner,
       obj_description(c.oid, 'pg_ts_config') as comment
from pg_ts_config c
join pg_namespace n on n.oid = c.cfgnamespace
join pg_ts_parser p on p.oid = c.cfgparser
join pg_namespace pn on pn.oid = p.prsnamespace
where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_ts_config'::regclass and d.objid = c.oid and d.deptype = 'e'
  )
order by n.nspname, c.cfgname
