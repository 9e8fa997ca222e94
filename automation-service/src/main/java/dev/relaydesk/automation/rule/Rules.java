package dev.relaydesk.automation.rule;

import dev.relaydesk.platform.tenancy.Tenancy;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The current tenant's rules as stored (call inside a tenant transaction). The enabled rules are cached per tenant and
 * rule-set version, and parsed definitions by their stored text, so evaluating 200 rules per event reads one row.
 */
@Component
public class Rules {

    private static final int CACHE_SIZE = 10_000;
    private static final String COLUMNS =
            "id, name, position, enabled, definition::text as definition, created_at, updated_at";

    private final DatabaseClient db;
    private final JsonMapper json;
    private final Map<String, RuleDefinition> parsed = new ConcurrentHashMap<>();
    private final Map<String, CachedRules> enabledByTenant = new ConcurrentHashMap<>();

    public Rules(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    public Mono<Rule> find(long id) {
        return db.sql("select " + COLUMNS + " from rules where id = :id")
                .bind("id", id)
                .map(this::rule)
                .one();
    }

    public Flux<Rule> all() {
        return db.sql("select " + COLUMNS + " from rules order by position, id")
                .map(this::rule)
                .all();
    }

    /** Marks the tenant's rules as changed; call in the transaction that changes them. */
    public Mono<Void> changed() {
        return db.sql("insert into rule_set_versions (version) values (1)"
                        + " on conflict (tenant_id) do update set version = rule_set_versions.version + 1")
                .then();
    }

    /**
     * The tenant's enabled rules in order, from this replica's cache while the tenant's rule-set version is unchanged
     * (one single-row read per call instead of every rule).
     */
    public Mono<List<Rule>> enabled() {
        return Tenancy.required().flatMap(tenant -> db.sql("select version from rule_set_versions")
                .map(row -> row.get(0, Long.class))
                .one()
                .defaultIfEmpty(0L)
                .flatMap(version -> {
                    CachedRules cached = enabledByTenant.get(tenant.value());
                    if (cached != null && cached.version() == version) {
                        return Mono.just(cached.rules());
                    }
                    return db.sql("select " + COLUMNS + " from rules where enabled order by position, id")
                            .map(this::rule)
                            .all()
                            .collectList()
                            .doOnNext(rules -> enabledByTenant.put(tenant.value(), new CachedRules(version, rules)));
                }));
    }

    private record CachedRules(long version, List<Rule> rules) {}

    public String toJson(RuleDefinition definition) {
        return json.writeValueAsString(RuleFormat.write(definition));
    }

    private Rule rule(Readable row) {
        return new Rule(
                row.get("id", Long.class),
                row.get("name", String.class),
                row.get("position", Integer.class),
                Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
                definition(row.get("definition", String.class)),
                instant(row.get("created_at", OffsetDateTime.class)),
                instant(row.get("updated_at", OffsetDateTime.class)));
    }

    private RuleDefinition definition(String text) {
        RuleDefinition cached = parsed.get(text);
        if (cached != null) {
            return cached;
        }
        if (parsed.size() >= CACHE_SIZE) {
            parsed.clear();
        }
        RuleDefinition definition = RuleFormat.read(json.readTree(text));
        parsed.put(text, definition);
        return definition;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
