-- set comment on event trigger note
comment on event trigger "note" is 'tags are a set';
