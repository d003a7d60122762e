create schema "P s";
