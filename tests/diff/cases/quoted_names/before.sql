create schema "Sales Dept";
