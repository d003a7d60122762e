drop index items_name;
