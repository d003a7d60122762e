-- add value 'ok' to enum public.mood
alter type "public"."mood" add value 'ok' before 'happy';

-- add value 'meh' to enum public.mood
alter type "public"."mood" add value 'meh' before 'happy';

-- add value 'ecstatic' to enum public.mood
alter type "public"."mood" add value 'ecstatic' after 'happy';
