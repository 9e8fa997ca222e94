package dev.relaydesk.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A running PostgreSQL server and an administrator login on it (a superuser: it runs migrations, like a schema owner in
 * production; services themselves log in as a non-owner role so that row-level security applies to them).
 */
public record PostgresServer(String host, int port, String adminUser, String adminPassword) {

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String r2dbcUrl(String database) {
        return "r2dbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Creates the database unless it exists; returns its name. */
    public synchronized String createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be a lowercase identifier: " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), adminUser, adminPassword);
                Statement s = c.createStatement()) {
            var rs = s.executeQuery("select 1 from pg_database where datname = '" + name + "'");
            if (!rs.next()) {
                s.execute("create database " + name);
            }
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }
}
