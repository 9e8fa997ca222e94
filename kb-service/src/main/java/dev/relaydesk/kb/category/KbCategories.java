package dev.relaydesk.kb.category;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads the category read model; every method runs inside the caller's transaction. */
@Component
public class KbCategories {

    private final DatabaseClient db;

    public KbCategories(DatabaseClient db) {
        this.db = db;
    }

    /** The tenant's categories, technician-only ones left out unless {@code includeTechOnly}. */
    public Flux<KbCategory> all(boolean includeTechOnly) {
        return db.sql("select * from kb_categories"
                        + (includeTechOnly ? "" : " where not for_techs_only")
                        + " order by lower(coalesce(section_name, '')), lower(name), category_id")
                .map(KbCategories::toCategory)
                .all();
    }

    public Mono<KbCategory> byId(long id) {
        return db.sql("select * from kb_categories where category_id = :id")
                .bind("id", id)
                .map(KbCategories::toCategory)
                .one();
    }

    private static KbCategory toCategory(Readable row) {
        return new KbCategory(
                row.get("category_id", Long.class),
                row.get("name", String.class),
                row.get("notes", String.class),
                row.get("section_id", Long.class),
                row.get("section_name", String.class),
                Boolean.TRUE.equals(row.get("for_techs_only", Boolean.class)),
                Boolean.TRUE.equals(row.get("kb_only", Boolean.class)));
    }
}
