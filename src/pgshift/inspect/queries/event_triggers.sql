-- Event triggers belong to the database, not to a schema: read only when no schema filter is
-- given (a filtered inspect or diff leaves them out). Tags are a set: the catalog keeps them in
-- the order CREATE EVENT TRIGGER named them, so they are sorted.
select et.oid,
       et.evtname as name,
       et.evtevent as event,
       et.evtfoid::regproc::text as function,
       array(select tag from unnest(et.evttags) as tag order by tag) as tags,
       case et.evtenabled
         when 'O' then 'origin' when 'D' then 'disabled' when 'R' then 'replica'
         when 'A' then 'always'
       end as enabled,
       pg_get_userbyid(et.evtowner) as owner,
       obj_description(et.oid, 'pg_event_trigger') as comment
from pg_event_trigger et
where %(schemas)s::text[] is null
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_event_trigger'::regclass and d.objid = et.oid and d.deptype = 'e'
  )
order by et.evtname
