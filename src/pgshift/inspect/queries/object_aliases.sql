-- Objects the model does not list on their own, mapped to the object that stands for them:
-- a view's `_RETURN` rule is the view, a column default is its table, an array type is its element
-- type, a table's row type is the table, a constraint's index is the constraint, a domain's
-- check is the domain, an operator or support function of an operator class or family is the
-- class or family, a table or schema in a publication is the publication (the catalog of
-- schemas in publications is named by to_regclass: it is new in PostgreSQL 15), and anything
-- an extension created is the extension.
select 'pg_rewrite' as catalog, r.oid, 'pg_class' as alias_catalog, r.ev_class as alias_oid
from pg_rewrite r where r.oid >= 16384 and r.rulename = '_RETURN'
union all
select 'pg_attrdef', ad.oid, 'pg_class', ad.adrelid
from pg_attrdef ad where ad.oid >= 16384
union all
select 'pg_type', t.oid, 'pg_type', e.oid
from pg_type t join pg_type e on e.typarray = t.oid where t.oid >= 16384
union all
select 'pg_type', t.oid, 'pg_class', t.typrelid
from pg_type t join pg_class c on c.oid = t.typrelid
where t.oid >= 16384 and c.relkind <> 'c'
union all
select 'pg_class', c.oid, 'pg_type', c.reltype
from pg_class c where c.oid >= 16384 and c.relkind = 'c'
union all
select 'pg_class', con.conindid, 'pg_constraint', con.oid
from pg_constraint con where con.conindid >= 16384 and con.contype in ('p', 'u', 'x')
union all
select 'pg_constraint', con.oid, 'pg_type', con.contypid
from pg_constraint con where con.oid >= 16384 and con.contypid <> 0
union all
select dc.relname::text, d.objid, rc.relname::text, d.refobjid
from pg_depend d
join pg_class dc on dc.oid = d.classid
join pg_class rc on rc.oid = d.refclassid
where d.objid >= 16384 and d.deptype in ('i', 'a')
  and ((d.classid in ('pg_amop'::regclass, 'pg_amproc'::regclass)
        and d.refclassid in ('pg_opclass'::regclass, 'pg_opfamily'::regclass))
    or (d.classid = to_regclass('pg_catalog.pg_publication_namespace')
        and d.refclassid = 'pg_publication'::regclass))
union all
select 'pg_publication_rel', pr.oid, 'pg_publication', pr.prpubid
from pg_publication_rel pr where pr.oid >= 16384
union all
select dc.relname::text, d.objid, 'pg_extension', d.refobjid
from pg_depend d join pg_class dc on dc.oid = d.classid
where d.deptype = 'e' and d.objid >= 16384
order by 1, 2
