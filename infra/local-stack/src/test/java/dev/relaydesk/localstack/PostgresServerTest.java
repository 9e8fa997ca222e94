package dev.relaydesk.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerTest {

    @TempDir
    Path dir;

    @Test
    void keepsDataAcrossRestartsAndSurvivesAStalePidFile() throws Exception {
        Path data = dir.resolve("postgres");
        Path log = dir.resolve("logs/postgres.log");

        try (PostgresServer server = PostgresServer.start(data, freePort(), log, Duration.ofSeconds(30))) {
            server.createDatabase("ticket_service");
            server.createDatabase("ticket_service"); // idempotent
            try (Connection c = server.connect("ticket_service");
                    Statement s = c.createStatement()) {
                s.execute("create table note(id int primary key, text varchar(20))");
                s.execute("insert into note values (1, 'kept')");
            }
            assertThat(server.postmaster()).isPresent();
        }
        assertThat(data.resolve("postmaster.pid")).doesNotExist();

        // a launcher that died uncleanly leaves postmaster.pid behind, naming a pid that may be reused by anything
        Files.writeString(data.resolve("postmaster.pid"), "1\n" + data + "\n");

        try (PostgresServer server = PostgresServer.start(data, freePort(), log, Duration.ofSeconds(30))) {
            try (Connection c = server.connect("ticket_service");
                    Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("select text from note where id = 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("kept");
            }
        }
    }

    @Test
    void recoversAfterThePostmasterWasKilled() throws Exception {
        Path data = dir.resolve("crashed");
        Path log = dir.resolve("logs/crashed.log");
        PostgresServer first = PostgresServer.start(data, freePort(), log, Duration.ofSeconds(30));
        try (Connection c = first.connect("postgres");
                Statement s = c.createStatement()) {
            s.execute("create table survivor(id int)");
            s.execute("insert into survivor values (7)");
        }
        ProcessHandle postmaster = first.postmaster().orElseThrow();
        postmaster.destroyForcibly();
        ProcessRecord.awaitExit(postmaster, Duration.ofSeconds(10));
        first.close(); // releases the data directory; pg_ctl stop finds nothing to stop

        try (PostgresServer second = PostgresServer.start(data, freePort(), log, Duration.ofSeconds(60));
                Connection c = second.connect("postgres");
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("select id from survivor")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(7);
        }
    }

    private static int freePort() {
        return PortPlan.freePort(new HashSet<>());
    }
}
