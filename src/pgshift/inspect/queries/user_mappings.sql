-- User mappings (in no schema: read only without a schema filter), through the
-- pg_user_mappings view, which shows options only to those allowed to see them (the others
-- are counted by unread.sql, not read). Options are
-- data (`options`, `name=value`), changed in place; those whose name says they hold a secret
-- (%(secret_option)s) are never read, only named.
select m.umid as oid,
       'user mapping' as kind,
       '' as schema,
       m.srvname || ' ' || coalesce(m.usename, 'public') as name,
       format('for %%s server %%I',
         case when m.umuser = 0 then 'public' else quote_ident(m.usename) end, m.srvname)
         as identity,
       array[format('create user mapping for %%s server %%I',
         case when m.umuser = 0 then 'public' else quote_ident(m.usename) end, m.srvname)]
         as "create",
       array(select o from unnest(m.umoptions) with ordinality as x(o, i)
             where split_part(o, '=', 1) !~* %(secret_option)s order by i) as options,
       array(select split_part(o, '=', 1) from unnest(m.umoptions) o
             where split_part(o, '=', 1) ~* %(secret_option)s order by 1) as secret_options
from pg_user_mappings m
join pg_foreign_server s on s.oid = m.srvid
where %(schemas)s::text[] is null
  -- Only those whose options the view shows this role (its own rule; unread.sql counts the
  -- others): NULL options would read as none.
  and ((m.umuser <> 0 and m.umuser = (select oid from pg_roles where rolname = current_user)
        and (pg_has_role(s.srvowner, 'USAGE') or has_server_privilege(s.oid, 'USAGE')))
    or (m.umuser = 0 and pg_has_role(s.srvowner, 'USAGE'))
    or (select rolsuper from pg_roles where rolname = current_user))
order by m.srvname, coalesce(m.usename, 'public')
