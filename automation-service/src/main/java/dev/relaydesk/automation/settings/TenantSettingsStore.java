package dev.relaydesk.automation.settings;

import dev.relaydesk.automation.rule.Access;
import dev.relaydesk.platform.security.Caller;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** Reads and writes the current tenant's {@link TenantSettings}; a tenant that never set them gets the defaults. */
@Component
public class TenantSettingsStore {

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public TenantSettingsStore(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /** Inside a tenant transaction. */
    public Mono<TenantSettings> current() {
        return db.sql("select time_zone, work_days, work_start, work_end, paused_status_ids from automation_settings")
                .map(row -> new TenantSettings(
                        ZoneId.of(row.get("time_zone", String.class)),
                        Arrays.stream(row.get("work_days", Integer[].class))
                                .map(DayOfWeek::of)
                                .collect(Collectors.toSet()),
                        row.get("work_start", LocalTime.class),
                        row.get("work_end", LocalTime.class),
                        Set.of(row.get("paused_status_ids", Long[].class))))
                .one()
                .defaultIfEmpty(TenantSettings.DEFAULTS);
    }

    public Mono<TenantSettings> read(Caller caller) {
        return Access.asAdministrator(caller, tx.transactional(current()));
    }

    public Mono<TenantSettings> saveWorkingHours(
            Caller caller, ZoneId zone, Set<DayOfWeek> days, LocalTime start, LocalTime end) {
        Mono<TenantSettings> saved = db.sql(
                        """
                        insert into automation_settings (time_zone, work_days, work_start, work_end)
                        values (:zone, :days, :start, :end)
                        on conflict (tenant_id) do update set time_zone = excluded.time_zone,
                          work_days = excluded.work_days, work_start = excluded.work_start,
                          work_end = excluded.work_end
                        """)
                .bind("zone", zone.getId())
                .bind("days", days.stream().map(DayOfWeek::getValue).sorted().toArray(Integer[]::new))
                .bind("start", start)
                .bind("end", end)
                .then()
                .then(current());
        return Access.asAdministrator(caller, tx.transactional(saved));
    }

    public Mono<TenantSettings> savePausedStatuses(Caller caller, Set<Long> statusIds) {
        Mono<TenantSettings> saved = db.sql(
                        """
                        insert into automation_settings (paused_status_ids) values (:paused)
                        on conflict (tenant_id) do update set paused_status_ids = excluded.paused_status_ids
                        """)
                .bind("paused", statusIds.stream().sorted().toArray(Long[]::new))
                .then()
                .then(current());
        return Access.asAdministrator(caller, tx.transactional(saved));
    }
}
