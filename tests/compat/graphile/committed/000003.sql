--! Previous: sha1:95f7d4320aa66c147f57ed78bc686324e974ada0
--! Hash: sha1:6fc176c598cabd55d0bb5c10e9548ffbd96b50bc

--! no-transaction
create index concurrently if not exists a_id on a (id);
