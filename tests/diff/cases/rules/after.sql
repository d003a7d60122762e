-- A changed rule (now disabled), a dropped one, a new one on a view (with a comment), and a
-- column type changed under an unchanged rule (which must go and come back around it).
drop rule "Keep Orders" on orders;
create rule "Keep Orders" as on delete to orders where old.qty > 0 do instead nothing;
alter table orders disable rule "Keep Orders";
drop rule gone on orders;
drop rule log_insert on orders;
alter table order_log alter column qty type integer;
create rule log_insert as on insert to orders do also
  insert into order_log values (new.id, new.qty);
create rule big_orders_insert as on insert to big_orders do instead
  insert into orders (id, qty) values (new.id, new.qty);
comment on rule big_orders_insert on big_orders is 'writable view';
