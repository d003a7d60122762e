alter type mood add value 'ok' before 'happy';
alter type mood add value 'meh' before 'happy';
alter type mood add value 'ecstatic';
