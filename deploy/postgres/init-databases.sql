-- One database per service plus the gateway's (DESIGN.md: one department, one service, one
-- database). Names follow the launcher: wuhai_<service name with '-' as '_'>.
--
-- The postgres image runs this with psql once, when its data directory is empty
-- (/docker-entrypoint-initdb.d). It is idempotent, so it can also be run by hand against an
-- existing server:  psql "$ADMIN_URL" -v ON_ERROR_STOP=1 -f deploy/postgres/init-databases.sql
-- Each service creates its own tables with its migrations when it starts.
--
-- The Kubernetes copy lives in deploy/k8s/postgres.yaml (ConfigMap postgres-init): keep both equal.
SELECT format('CREATE DATABASE %I', db)
FROM unnest(ARRAY[
  'wuhai_registry',
  'wuhai_civil_affairs',
  'wuhai_finance',
  'wuhai_disability',
  'wuhai_education',
  'wuhai_employment',
  'wuhai_health',
  'wuhai_housing',
  'wuhai_gateway'
]) AS db
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = db)
\gexec
