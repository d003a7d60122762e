create index items_lower_name on items (lower(name)) where qty > 0;
