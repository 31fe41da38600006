--liquibase formatted sql

--changeset ana:1
CREATE TABLE accounts (id bigint PRIMARY KEY, owner text);
INSERT INTO accounts VALUES (1, 'ana'), (2, 'bo');
--rollback DROP TABLE accounts;

--changeset ana:2
SELECT create_distributed_table('accounts', 'id');
UPDATE accounts SET owner = upper(owner);

--changeset ana:3 runInTransaction:false
CREATE TABLE ledger (account_id bigint NOT NULL, amount numeric);
SELECT create_distributed_table_concurrently('ledger', 'account_id');

--changeset ana:4
CREATE TABLE transfers (account_id bigint NOT NULL, amount numeric);
SELECT create_distributed_table_concurrently('transfers', 'account_id');
