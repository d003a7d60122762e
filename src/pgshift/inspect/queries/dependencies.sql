-- Which listed object needs which: normal and automatic dependencies from pg_depend, each
-- side named by catalog and oid after it is taken to the object that stands for it, each pair
-- once and none of an object on itself. The loader keeps the pairs whose two sides it lists.
-- Catalogs are named by regclass, which the loader's empty search_path leaves unqualified
-- (pg_catalog is searched all the same).
--
-- What stands for an object the model does not list on its own (`alias`): a view's `_RETURN`
-- rule is the view, a column default is its table, an array type is its element type, a
-- table's row type is the table, a constraint's index is the constraint, a domain's check is the
-- domain, an operator or support function of an operator class or family is the class or
-- family, a table or schema in a publication is the publication (the catalog of schemas in
-- publications is named by to_regclass: it is new in PostgreSQL 15), and anything an extension
-- created is the extension. Chains are followed up to four steps (an array of the row type of
-- an extension's table takes three). Resolved here rather than by the loader: tens of
-- thousands of pairs are fewer rows to send and no Python loop to pair them.
with alias (catalog, oid, alias_catalog, alias_oid) as materialized (
  select 'pg_rewrite'::regclass::oid, r.oid, 'pg_class'::regclass::oid, r.ev_class
  from pg_rewrite r where r.oid >= 16384 and r.rulename = '_RETURN'
  union all
  select 'pg_attrdef'::regclass::oid, ad.oid, 'pg_class'::regclass::oid, ad.adrelid
  from pg_attrdef ad where ad.oid >= 16384
  union all
  select 'pg_type'::regclass::oid, t.oid, 'pg_type'::regclass::oid, e.oid
  from pg_type t join pg_type e on e.typarray = t.oid where t.oid >= 16384
  union all
  select 'pg_type'::regclass::oid, t.oid, 'pg_class'::regclass::oid, t.typrelid
  from pg_type t join pg_class c on c.oid = t.typrelid
  where t.oid >= 16384 and c.relkind <> 'c'
  union all
  select 'pg_class'::regclass::oid, c.oid, 'pg_type'::regclass::oid, c.reltype
  from pg_class c where c.oid >= 16384 and c.relkind = 'c'
  union all
  select 'pg_class'::regclass::oid, con.conindid, 'pg_constraint'::regclass::oid, con.oid
  from pg_constraint con where con.conindid >= 16384 and con.contype in ('p', 'u', 'x')
  union all
  select 'pg_constraint'::regclass::oid, con.oid, 'pg_type'::regclass::oid, con.contypid
  from pg_constraint con where con.oid >= 16384 and con.contypid <> 0
  union all
  select d.classid, d.objid, d.refclassid, d.refobjid
  from pg_depend d
  where d.objid >= 16384 and d.deptype in ('i', 'a')
    and ((d.classid in ('pg_amop'::regclass, 'pg_amproc'::regclass)
          and d.refclassid in ('pg_opclass'::regclass, 'pg_opfamily'::regclass))
      or (d.classid = to_regclass('pg_catalog.pg_publication_namespace')
          and d.refclassid = 'pg_publication'::regclass))
  union all
  select 'pg_publication_rel'::regclass::oid, pr.oid, 'pg_publication'::regclass::oid, pr.prpubid
  from pg_publication_rel pr where pr.oid >= 16384
  union all
  select d.classid, d.objid, 'pg_extension'::regclass::oid, d.refobjid
  from pg_depend d
  where d.deptype = 'e' and d.objid >= 16384
),
standing_for (catalog, oid, alias_catalog, alias_oid) as materialized (
  select a.catalog, a.oid,
         coalesce(d.alias_catalog, c.alias_catalog, b.alias_catalog, a.alias_catalog),
         coalesce(d.alias_oid, c.alias_oid, b.alias_oid, a.alias_oid)
  from alias a
  left join alias b on b.catalog = a.alias_catalog and b.oid = a.alias_oid
  left join alias c on c.catalog = b.alias_catalog and c.oid = b.alias_oid
  left join alias d on d.catalog = c.alias_catalog and d.oid = c.alias_oid
),
needs (catalog, oid, referenced_catalog, referenced_oid) as (
  select distinct
         coalesce(s.alias_catalog, d.classid), coalesce(s.alias_oid, d.objid),
         coalesce(r.alias_catalog, d.refclassid), coalesce(r.alias_oid, d.refobjid)
  from pg_depend d
  left join standing_for s on s.catalog = d.classid and s.oid = d.objid
  left join standing_for r on r.catalog = d.refclassid and r.oid = d.refobjid
  where d.deptype in ('n', 'a')
    -- FirstNormalObjectId: built-in objects are always there (but the public schema can be
    -- dropped)
    and d.objid >= 16384
    and (d.refobjid >= 16384 or d.refclassid = 'pg_namespace'::regclass)
    -- A column default's automatic dependency is on its own table (itself, once resolved).
    and not (d.classid = 'pg_attrdef'::regclass and d.deptype = 'a')
)
-- One row per object, with what it needs as two arrays (catalogs and oids): a third as many
-- rows as pairs, and no grouping left to the loader.
select n.catalog::regclass::text as catalog,
       n.oid,
       array_agg(n.referenced_catalog::regclass::text) as referenced_catalogs,
       array_agg(n.referenced_oid) as referenced_oids
from needs n
where (n.catalog, n.oid) <> (n.referenced_catalog, n.referenced_oid)
group by n.catalog, n.oid
