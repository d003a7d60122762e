-- add value 'sad' to enum public.mood
alter type "public"."mood" add value 'sad' before 'ok';
