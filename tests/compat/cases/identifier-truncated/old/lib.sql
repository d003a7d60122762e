create schema if not exists s;
