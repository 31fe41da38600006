-- What a migration transaction runs with: citussafe starts it with sequential mode (on Citus)
-- and a lock timeout.
CREATE TABLE probe AS
SELECT 'flyway' AS tool,
       current_setting('lock_timeout') AS lock_timeout,
       current_setting('citus.multi_shard_modify_mode', true) AS shard_mode;
