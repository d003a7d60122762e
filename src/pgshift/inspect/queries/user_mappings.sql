-- User mappings (in no schema: read only without a schema filter), through the
-- pg_user_mappings view, which shows options only to those allowed to see them. Options whose
-- name says they hold a secret (a password) are left out of the statement and only named.
select m.umid as oid,
       'user mapping' as kind,
       '' as schema,
       m.srvname || ' ' || coalesce(m.usename, 'public') as name,
       format('for %%s server %%I',
         case when m.umuser = 0 then 'public' else quote_ident(m.usename) end, m.srvname)
         as identity,
       array[concat_ws(' ',
         format('create user mapping for %%s server %%I',
           case when m.umuser = 0 then 'public' else quote_ident(m.usename) end, m.srvname),
         (select 'options (' || string_agg(format('%%I %%L', split_part(o, '=', 1),
                   substr(o, strpos(o, '=') + 1)), ', ' order by i) || ')'
          from unnest(m.umoptions) with ordinality as x(o, i)
          where split_part(o, '=', 1) !~* '(pass(word|wd)?|secret|token|api_?key)$')
       )] as "create",
       array(select split_part(o, '=', 1) from unnest(m.umoptions) o
             where split_part(o, '=', 1) ~* '(pass(word|wd)?|secret|token|api_?key)$'
             order by 1) as secret_options
from pg_user_mappings m
where %(schemas)s::text[] is null
order by m.srvname, coalesce(m.usename, 'public')
