-- Default privileges (ALTER DEFAULT PRIVILEGES), one entry per role, schema (or none) and kind
-- of object, as the statements that make it from nothing and those that take it back. An
-- entry for no schema replaces the built-in defaults (acldefault), so it is the grants beyond
-- them and the revokes of what it lacks; an entry for a schema only adds grants.
with entry as (
  select da.oid, da.defaclrole, da.defaclnamespace, da.defaclobjtype, da.defaclacl,
         coalesce(n.nspname, '') as schema,
         case da.defaclobjtype when 'r' then 'tables' when 'S' then 'sequences'
           when 'f' then 'functions' when 'T' then 'types' when 'n' then 'schemas'
           when 'L' then 'large objects' end as objects,
         -- acldefault's letter for the kind: a sequence is 's' there ('S' is a server).
         (case da.defaclobjtype when 'S' then 's' else da.defaclobjtype end)::"char"
           as acl_type,
         concat_ws(' ', 'for role ' || quote_ident(pg_get_userbyid(da.defaclrole)),
           'in schema ' || quote_ident(n.nspname)) as scope
  from pg_default_acl da
  left join pg_namespace n on n.oid = da.defaclnamespace
  where (da.defaclnamespace = 0 and %(schemas)s::text[] is null)
     or (n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
         and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[])))
),
item as (
  -- +1: granted beyond the defaults; -1: a default taken away (only for no schema).
  select e.oid, 1 as sign, a.grantee, a.privilege_type, a.is_grantable
  from entry e, aclexplode(e.defaclacl) a
  where e.defaclnamespace <> 0 or (a.grantee, a.privilege_type, a.is_grantable) not in (
    select d.grantee, d.privilege_type, d.is_grantable
    from aclexplode(acldefault(e.acl_type, e.defaclrole)) d)
  union all
  select e.oid, -1, d.grantee, d.privilege_type, d.is_grantable
  from entry e, aclexplode(acldefault(e.acl_type, e.defaclrole)) d
  where e.defaclnamespace = 0 and (d.grantee, d.privilege_type, d.is_grantable) not in (
    select a.grantee, a.privilege_type, a.is_grantable from aclexplode(e.defaclacl) a)
),
statement as (
  select i.oid, i.sign * s.direction as verb, i.grantee, i.is_grantable, s.direction,
         string_agg(i.privilege_type, ', ' order by i.privilege_type) as privileges
  from item i, (values (1), (-1)) as s(direction)
  group by i.oid, i.sign, s.direction, i.grantee, i.is_grantable
)
select e.oid,
       'default privileges' as kind,
       e.schema,
       pg_get_userbyid(e.defaclrole) || ' ' || e.objects as name,
       e.scope || ' on ' || e.objects as identity,
       array(
         select format('alter default privileges %%s %%s %%s on %%s %%s %%s%%s', e.scope,
                  case when st.verb = 1 then 'grant' else 'revoke' end, st.privileges, e.objects,
                  case when st.verb = 1 then 'to' else 'from' end,
                  case when st.grantee = 0 then 'public'
                    else quote_ident(pg_get_userbyid(st.grantee)) end,
                  case when st.is_grantable and st.verb = 1 then ' with grant option' else '' end)
         from statement st where st.oid = e.oid and st.direction = 1
         order by st.verb desc, st.grantee, st.is_grantable
       ) as "create",
       array(
         select format('alter default privileges %%s %%s %%s on %%s %%s %%s%%s', e.scope,
                  case when st.verb = 1 then 'grant' else 'revoke' end, st.privileges, e.objects,
                  case when st.verb = 1 then 'to' else 'from' end,
                  case when st.grantee = 0 then 'public'
                    else quote_ident(pg_get_userbyid(st.grantee)) end,
                  case when st.is_grantable and st.verb = 1 then ' with grant option' else '' end)
         from statement st where st.oid = e.oid and st.direction = -1
         order by st.verb desc, st.grantee, st.is_grantable
       ) as "drop"
from entry e
order by e.schema, 4, e.objects
