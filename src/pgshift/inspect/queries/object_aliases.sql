-- Objects the model does not list on their own, mapped to the object that stands for them:
-- a view's `_RETURN` rule is the view, a column default is its table, an array type is its element
-- type, a table's row type is the table, a constraint's index is the constraint, a domain's
-- check is the domain, and anything an extension created is the extension.
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
select dc.relname::text, d.objid, 'pg_extension', d.refobjid
from pg_depend d join pg_class dc on dc.oid = d.classid
where d.deptype = 'e' and d.objid >= 16384
order by 1, 2
