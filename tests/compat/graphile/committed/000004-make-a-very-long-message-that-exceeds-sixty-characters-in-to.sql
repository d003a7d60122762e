--! Previous: sha1:6fc176c598cabd55d0bb5c10e9548ffbd96b50bc
--! Hash: sha1:de7db8b31355fb7017372da6e9e67bab6bd8a41b
--! Message: Make a very long message that exceeds sixty characters in total length, surely
--! Custom: some value
--! Flag

insert into a values (:ANSWER) on conflict do nothing;
