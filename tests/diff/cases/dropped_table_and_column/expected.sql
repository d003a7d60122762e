-- destructive: drop index keep_old_note on public.keep
drop index "public"."keep_old_note";

-- destructive: drop column public.keep.old_note
alter table "public"."keep" drop column "old_note";

-- destructive: drop column public.keep.n
alter table "public"."keep" drop column "n";

-- destructive: drop table public.gone
drop table "public"."gone";
