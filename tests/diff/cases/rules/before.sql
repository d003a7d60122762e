create table orders (id integer primary key, qty smallint, note text);
create table order_log (id integer, qty smallint);
create rule "Keep Orders" as on delete to orders do instead nothing;
create rule log_insert as on insert to orders do also
  insert into order_log values (new.id, new.qty);
create rule gone as on update to orders where old.id < 0 do instead nothing;
create view big_orders as select id, qty from orders where qty > 10;
