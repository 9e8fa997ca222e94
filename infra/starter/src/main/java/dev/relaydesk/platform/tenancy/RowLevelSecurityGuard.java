package dev.relaydesk.platform.tenancy;

import java.util.List;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Refuses to start a service whose tenant isolation the database would not enforce: when its login role is a superuser
 * or may bypass row-level security, or when a table with a {@code tenant_id} column has no forced row-level security.
 * Platform tables ({@code relaydesk_*}) are cross-tenant by design and exempt.
 */
public class RowLevelSecurityGuard implements ApplicationRunner {

    private final DatabaseClient db;

    public RowLevelSecurityGuard(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public void run(ApplicationArguments args) {
        Boolean bypasses = db.sql("select rolsuper or rolbypassrls from pg_roles where rolname = current_user")
                .map(row -> row.get(0, Boolean.class))
                .one()
                .block();
        if (Boolean.TRUE.equals(bypasses)) {
            throw new IllegalStateException("The service's database role bypasses row-level security (superuser or"
                    + " BYPASSRLS): connect spring.r2dbc with an application role that owns no tables");
        }
        List<String> unprotected = db.sql(
                        """
                        select c.relname from pg_class c
                          join pg_namespace n on n.oid = c.relnamespace
                          join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
                         where c.relkind in ('r', 'p') and n.nspname = current_schema()
                           and c.relname not like 'relaydesk\\_%'
                           and not (c.relrowsecurity and c.relforcerowsecurity)
                        """)
                .map(row -> row.get(0, String.class))
                .all()
                .collectList()
                .block();
        if (unprotected != null && !unprotected.isEmpty()) {
            throw new IllegalStateException("Tables with tenant_id but no forced row-level security: " + unprotected
                    + ". Add `select relaydesk_enable_tenancy('<table>');` to a migration");
        }
    }
}
