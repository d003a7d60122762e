-- Every large object: its OID, owner, privileges (null: the default, the owner's own; else one
-- {grantee, privilege, grantable} per grant, '' for PUBLIC) and comment.
select m.oid::bigint as oid,
       pg_catalog.pg_get_userbyid(m.lomowner) as owner,
       case when m.lomacl is not null then
           array(select array[case when a.grantee = 0 then ''
                                   else pg_catalog.pg_get_userbyid(a.grantee) end,
                              a.privilege_type,
                              a.is_grantable::text]
                 from pg_catalog.aclexplode(m.lomacl) a
                 order by a.grantee, a.privilege_type)
       end as grants,
       d.description as comment
from pg_catalog.pg_largeobject_metadata m
left join pg_catalog.pg_description d
       on d.objoid = m.oid
      and d.classoid = 'pg_catalog.pg_largeobject'::pg_catalog.regclass
      and d.objsubid = 0
order by m.oid
