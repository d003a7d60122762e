--! Previous: sha1:de7db8b31355fb7017372da6e9e67bab6bd8a41b
--! Hash: sha1:510b4848cc23c96454c8d15f0050320794a6f1d1
--! Message: x_y  Z

-- only a comment and then code
comment on table a is 'tabs	and --! markers';
