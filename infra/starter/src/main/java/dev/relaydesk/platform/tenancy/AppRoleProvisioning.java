package dev.relaydesk.platform.tenancy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * After Flyway migrates (as the schema owner), makes sure the service's login role exists and may read and write the
 * tables without owning them, so row-level security applies to it. Skipped when the login role is the owner itself.
 */
public class AppRoleProvisioning implements Callback {

    private final String appUser;
    private final String appPassword;

    public AppRoleProvisioning(String appUser, String appPassword) {
        this.appUser = appUser;
        this.appPassword = appPassword;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        Connection connection = context.getConnection();
        try (Statement sql = connection.createStatement()) {
            if (appUser.equals(connection.getMetaData().getUserName())) {
                return;
            }
            String role = quoteIdentifier(appUser);
            sql.execute("do $$ begin if not exists (select from pg_roles where rolname = " + quoteLiteral(appUser)
                    + ") then create role " + role + " login password "
                    + quoteLiteral(appPassword == null ? "" : appPassword)
                    + "; end if; end $$");
            sql.execute("grant usage on schema public to " + role);
            sql.execute("grant select, insert, update, delete on all tables in schema public to " + role);
            sql.execute("grant usage, select, update on all sequences in schema public to " + role);
            sql.execute("grant execute on all functions in schema public to " + role);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot provision database role " + appUser, e);
        }
    }

    @Override
    public String getCallbackName() {
        return "relaydesk-app-role";
    }

    static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    static String quoteLiteral(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }
}
