-- alter sequence public.items_id_seq
alter sequence "public"."items_id_seq" as integer increment by 2 minvalue 1 maxvalue 2147483647 start with 1 cache 1 no cycle;

-- alter sequence public.tickets
alter sequence "public"."tickets" as bigint increment by 10 minvalue 5 maxvalue 100000 start with 5 cache 2 cycle restart;
