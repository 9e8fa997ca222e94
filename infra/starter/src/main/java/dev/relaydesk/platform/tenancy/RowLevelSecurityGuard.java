package dev.relaydesk.platform.tenancy;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Refuses to start a service whose tenant isolation the database would not enforce: when its login role is a superuser
 * or may bypass row-level security, or when a table with a {@code tenant_id} column has no forced row-level security.
 * Platform tables ({@code relaydesk_*}) are cross-tenant by design and exempt. A service table may opt out only in
 * writing, with a comment that starts {@value #OPT_OUT} and says why (for example a search index that PostgreSQL could
 * not use under row-level security, whose queries filter by tenant themselves); the guard logs every such table.
 */
public class RowLevelSecurityGuard implements ApplicationRunner {

    /** The table comment that exempts a table, followed by the reason. */
    public static final String OPT_OUT = "relaydesk:no-rls";

    private static final Logger log = LoggerFactory.getLogger(RowLevelSecurityGuard.class);

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
                           and coalesce(obj_description(c.oid, 'pg_class'), '') not like 'relaydesk:no-rls%'
                        """)
                .map(row -> row.get(0, String.class))
                .all()
                .collectList()
                .block();
        db.sql(
                        """
                        select c.relname, obj_description(c.oid, 'pg_class') from pg_class c
                          join pg_namespace n on n.oid = c.relnamespace
                         where c.relkind in ('r', 'p') and n.nspname = current_schema()
                           and obj_description(c.oid, 'pg_class') like 'relaydesk:no-rls%'
                        """)
                .map(row -> row.get(0, String.class) + " (" + row.get(1, String.class) + ")")
                .all()
                .doOnNext(table -> log.info("Outside row-level security by its own account: {}", table))
                .then()
                .block();
        if (unprotected != null && !unprotected.isEmpty()) {
            throw new IllegalStateException("Tables with tenant_id but no forced row-level security: " + unprotected
                    + ". Add `select relaydesk_enable_tenancy('<table>');` to a migration");
        }
    }
}
