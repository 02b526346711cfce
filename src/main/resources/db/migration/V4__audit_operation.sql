-- A refused authorization (action 'authorization.refused') records which request was refused: method and path.
alter table audit_event add column operation varchar(128);
