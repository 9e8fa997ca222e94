-- Runs once, on an empty data directory (docker-entrypoint-initdb.d), as the postgres superuser.
-- Per service: a database, its owner role (Flyway migrates as it) and an application role (R2DBC logs in
-- as it; it owns nothing, so row-level security applies). Development passwords only: the password of
-- every role is 'relaydesk'. The service grants the application role its table access after migrating.

-- user-service
CREATE ROLE user_service_owner LOGIN PASSWORD 'relaydesk';
CREATE ROLE user_service_app LOGIN PASSWORD 'relaydesk' NOSUPERUSER NOBYPASSRLS;
CREATE DATABASE user_service OWNER user_service_owner ENCODING 'UTF8';
REVOKE ALL ON DATABASE user_service FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE user_service TO user_service_owner, user_service_app;

-- ticket-service
CREATE ROLE ticket_service_owner LOGIN PASSWORD 'relaydesk';
CREATE ROLE ticket_service_app LOGIN PASSWORD 'relaydesk' NOSUPERUSER NOBYPASSRLS;
CREATE DATABASE ticket_service OWNER ticket_service_owner ENCODING 'UTF8';
REVOKE ALL ON DATABASE ticket_service FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE ticket_service TO ticket_service_owner, ticket_service_app;

-- kb-service
CREATE ROLE kb_service_owner LOGIN PASSWORD 'relaydesk';
CREATE ROLE kb_service_app LOGIN PASSWORD 'relaydesk' NOSUPERUSER NOBYPASSRLS;
CREATE DATABASE kb_service OWNER kb_service_owner ENCODING 'UTF8';
REVOKE ALL ON DATABASE kb_service FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE kb_service TO kb_service_owner, kb_service_app;

-- asset-service
CREATE ROLE asset_service_owner LOGIN PASSWORD 'relaydesk';
CREATE ROLE asset_service_app LOGIN PASSWORD 'relaydesk' NOSUPERUSER NOBYPASSRLS;
CREATE DATABASE asset_service OWNER asset_service_owner ENCODING 'UTF8';
REVOKE ALL ON DATABASE asset_service FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE asset_service TO asset_service_owner, asset_service_app;

-- automation-service
CREATE ROLE automation_service_owner LOGIN PASSWORD 'relaydesk';
CREATE ROLE automation_service_app LOGIN PASSWORD 'relaydesk' NOSUPERUSER NOBYPASSRLS;
CREATE DATABASE automation_service OWNER automation_service_owner ENCODING 'UTF8';
REVOKE ALL ON DATABASE automation_service FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE automation_service TO automation_service_owner, automation_service_app;

-- notification-service
CREATE ROLE notification_service_owner LOGIN PASSWORD 'relaydesk';
CREATE ROLE notification_service_app LOGIN PASSWORD 'relaydesk' NOSUPERUSER NOBYPASSRLS;
CREATE DATABASE notification_service OWNER notification_service_owner ENCODING 'UTF8';
REVOKE ALL ON DATABASE notification_service FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE notification_service TO notification_service_owner, notification_service_app;
