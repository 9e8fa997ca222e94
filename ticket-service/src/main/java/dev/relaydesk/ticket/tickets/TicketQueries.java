package dev.relaydesk.ticket.tickets;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.ticket.customfield.TicketField;
import dev.relaydesk.ticket.customfield.TicketFields;
import io.r2dbc.spi.Readable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Reading tickets: one ticket, filtered lists, statistics, custom field values and full-text search, always within
 * what the caller may see ({@link Visibility}). Search uses the tickets' tsvector (subject, body, and comments once
 * they exist) with stemming, prefix matching and subject substrings, ranked; it never runs longer than a second: a
 * search that would falls back to the most recent matches unranked.
 */
@Service
public class TicketQueries {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    /** Searches rank at most this many matches; more are answered most recent first. */
    static final int RANKED_CAP = 5000;
    /** No search statement runs longer (the whole search stays under a second, fallback included). */
    private static final String STATEMENT_TIMEOUT = "set local statement_timeout = 400";
    /**
     * {@code ticket_search} is outside row-level security (see migration V4): every query on it names the current
     * tenant itself, so counts, ranks and candidates only ever cover the caller's tenant.
     */
    static final String SEARCH_IN_TENANT = "x.tenant_id = current_setting('app.tenant_id', true)";

    private static final String LIST_SELECT =
            """
            select t.id, t.priority, t.status_id, t.created_at, t.subject, %s as status_name, t.updated_by_user,
                   t.updated_by_performer, t.category_id, su.username as user_name,
                   coalesce(nullif(trim(au.first_name || ' ' || au.last_name), ''), au.username) as technician,
                   su.first_name, su.last_name, t.due_date, au.first_name as tech_first_name,
                   au.last_name as tech_last_name, t.updated_at, t.updated_for_tech_view, t.submitter_id,
                   t.company_id, cv.name as company_name, t.assignee_id, t.resolved_at, c.section_id, c.name as category_name, t.origin,
                   su.email, t.last_updated_by, lu.username as last_updated_username, t.start_date,
                   exists (select 1 from tickets ch where ch.parent_id = t.id) as has_children
              from tickets t
              join categories c on c.id = t.category_id
              left join statuses s on s.id = t.status_id
              left join user_view su on su.user_id = t.submitter_id
              left join user_view au on au.user_id = t.assignee_id
              left join user_view lu on lu.user_id = t.last_updated_by
              left join company_view cv on cv.company_id = t.company_id
            """
                    .formatted(Status.nameSql("t.status_id", "s.name"));

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final TicketFields fields;

    public TicketQueries(DatabaseClient db, TransactionalOperator tx, TicketFields fields) {
        this.db = db;
        this.tx = tx;
        this.fields = fields;
    }

    public Mono<TicketDetails> details(Caller caller, long id) {
        return tx.transactional(db.sql(
                        """
                                select t.*, c.name as category_name, c.for_techs_only, %s as status_name,
                                       cb.username as created_by_username,
                                       exists (select 1 from category_techs p
                                                where p.user_id = :me and p.category_id = t.category_id) as tech_in_category
                                  from tickets t
                                  join categories c on c.id = t.category_id
                                  left join statuses s on s.id = t.status_id
                                  left join user_view cb on cb.user_id = t.created_by
                                 where t.id = :id and %s
                                """
                                .formatted(Status.nameSql("t.status_id", "s.name"), Visibility.predicate(caller)))
                .bind("id", id)
                .bind("me", caller.userId())
                .map(r -> new Object[] {
                    TicketState.from(r),
                    r.get("category_name", String.class),
                    Boolean.TRUE.equals(r.get("for_techs_only", Boolean.class)),
                    r.get("status_name", String.class),
                    r.get("created_by_username", String.class),
                    Boolean.TRUE.equals(r.get("tech_in_category", Boolean.class))
                })
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Ticket", id)))
                .flatMap(row -> {
                    TicketState t = (TicketState) row[0];
                    return user(t.submitterId)
                            .map(java.util.Optional::of)
                            .defaultIfEmpty(java.util.Optional.empty())
                            .flatMap(submitter -> (t.assigneeId == null ? Mono.<UserInfo>empty() : user(t.assigneeId))
                                    .map(java.util.Optional::of)
                                    .defaultIfEmpty(java.util.Optional.empty())
                                    .flatMap(assignee -> tags(t.id)
                                            .map(tags -> new TicketDetails(
                                                    t.id,
                                                    t.subject,
                                                    t.body,
                                                    t.categoryId,
                                                    (String) row[1],
                                                    (Boolean) row[2],
                                                    t.statusId,
                                                    (String) row[3],
                                                    t.priority,
                                                    t.origin,
                                                    t.submitterId,
                                                    submitter.orElse(unknown(t.submitterId)),
                                                    t.assigneeId,
                                                    t.assigneeId == null
                                                            ? null
                                                            : assignee.orElse(unknown(t.assigneeId)),
                                                    t.createdBy != t.submitterId ? (String) row[4] : null,
                                                    t.createdAt,
                                                    t.dueDate,
                                                    t.resolvedAt,
                                                    t.startDate,
                                                    t.timeSpent,
                                                    t.updatedByUser,
                                                    t.updatedByPerformer,
                                                    t.updatedForTechView,
                                                    caller.isAdmin() || (Boolean) row[5],
                                                    t.submitterId == caller.userId(),
                                                    tags))));
                }));
    }

    public Mono<List<TicketSummary>> list(Caller caller, TicketFilter filter) {
        return tx.transactional(listIn(caller, filter, false, null));
    }

    /**
     * {@code Search}: full-text matches ranked by relevance while there are at most {@value #RANKED_CAP} of them
     * (ranking reads every match); beyond that, or when ranking would still run too long, the most recent matches.
     */
    public Mono<List<TicketSummary>> search(Caller caller, TicketFilter filter) {
        Map<String, Object> binds = new HashMap<>();
        String tsquery = tsquery(filter.query(), binds);
        String document = document(caller);
        var probe = db.sql("select count(*) from (select 1 from ticket_search x where " + SEARCH_IN_TENANT + " and "
                + document + " @@ " + tsquery + " limit " + (RANKED_CAP + 1) + ") matches");
        for (var e : binds.entrySet()) {
            probe = probe.bind(e.getKey(), e.getValue());
        }
        Mono<Long> matches = probe.map(row -> row.get(0, Long.class)).one();
        return tx.transactional(db.sql(STATEMENT_TIMEOUT)
                        .then()
                        .then(matches)
                        .flatMap(count -> count <= RANKED_CAP
                                ? ranked(caller, filter, tsquery, binds)
                                : listIn(caller, filter, false, null)))
                .onErrorResume(
                        TicketQueries::isTimeout,
                        e -> tx.transactional(
                                db.sql(STATEMENT_TIMEOUT).then().then(listIn(caller, filter, false, null))))
                .onErrorMap(
                        TicketQueries::isTimeout,
                        e -> new ApiException(
                                org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE,
                                "search_timeout",
                                "The search took too long; add words or filters"));
    }

    /**
     * Ranks in two steps: the best-ranked matches of the search documents alone (cheap: no join), then the caller's
     * visible, filtered tickets among them in that order; only when those candidates run out before the page is full
     * does it rank every match joined with its ticket.
     */
    private Mono<List<TicketSummary>> ranked(
            Caller caller, TicketFilter filter, String tsquery, Map<String, Object> tsBinds) {
        int wanted = filter.offset() + filter.count();
        int candidates = (int) Math.min(RANKED_CAP, wanted * 4L + 100);
        String document = document(caller);
        var best = db.sql("select x.ticket_id from ticket_search x where " + SEARCH_IN_TENANT + " and " + document
                + " @@ " + tsquery + " order by ts_rank(" + document + ", " + tsquery
                + ") desc, x.ticket_id desc limit "
                + candidates);
        for (var e : tsBinds.entrySet()) {
            best = best.bind(e.getKey(), e.getValue());
        }
        return best.map(row -> row.get(0, Long.class)).all().collectList().flatMap(ids -> {
            if (ids.isEmpty()) {
                return Mono.just(List.<TicketSummary>of());
            }
            return listIn(caller, filter, true, ids.toArray(new Long[0]))
                    .flatMap(page -> page.size() < filter.count() && ids.size() == candidates
                            ? listIn(caller, filter, true, null)
                            : Mono.just(page));
        });
    }

    /** The given tickets the caller may see, in the given order (ids they may not see are left out). */
    public Mono<List<TicketSummary>> byIds(Caller caller, List<Long> ids) {
        if (ids.isEmpty()) {
            return Mono.just(List.of());
        }
        TicketFilter all = new TicketFilter(
                TicketFilter.Mode.ALL,
                List.of(),
                null,
                List.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                false,
                false,
                null,
                ids.size(),
                0);
        return tx.transactional(listIn(caller, all, true, ids.toArray(new Long[0])));
    }

    /**
     * The search document the caller may match: techs-only comment text only for technicians and administrators.
     */
    static String document(Caller caller) {
        return caller.isTechnician() ? "x.tech_search_vector" : "x.search_vector";
    }

    /** The number of the current tenant's search documents matching the query (the count probe, uncapped). */
    public Mono<Long> countSearchDocuments(Caller caller, String query) {
        Map<String, Object> binds = new HashMap<>();
        String tsquery = tsquery(query, binds);
        var probe = db.sql("select count(*) from ticket_search x where " + SEARCH_IN_TENANT + " and " + document(caller)
                + " @@ " + tsquery);
        for (var e : binds.entrySet()) {
            probe = probe.bind(e.getKey(), e.getValue());
        }
        return tx.transactional(probe.map(row -> row.get(0, Long.class)).one());
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains("statement timeout")) {
                return true;
            }
        }
        return false;
    }

    /**
     * One page of tickets: by recency, or (searches) by rank; {@code candidates} (ranked search ids, best first)
     * replaces the full-text match when given.
     */
    private Mono<List<TicketSummary>> listIn(Caller caller, TicketFilter f, boolean ranked, Long[] candidates) {
        Map<String, Object> binds = new HashMap<>();
        binds.put("me", caller.userId());
        List<String> where = new ArrayList<>();
        where.add(Visibility.predicate(caller));
        switch (f.mode()) {
            case UNANSWERED ->
                where.add("t.status_id <> 3 and (t.status_id = 1 or t.updated_by_user or t.updated_for_tech_view)");
            case UNCLOSED -> where.add("t.status_id <> 3");
            case HANDLEDBYME -> where.add("t.assignee_id = :me");
            case ALL -> {}
        }
        if (!f.categoryIds().isEmpty()) {
            where.add("t.category_id = any(:categories)");
            binds.put("categories", f.categoryIds().toArray(new Long[0]));
        }
        if (f.sectionId() != null) {
            where.add("c.section_id = :section");
            binds.put("section", f.sectionId());
        }
        if (!f.statusIds().isEmpty()) {
            where.add("t.status_id = any(:statuses)");
            binds.put("statuses", f.statusIds().toArray(new Long[0]));
        }
        if (f.fromUserId() != null) {
            where.add("t.submitter_id = :fromUser");
            binds.put("fromUser", f.fromUserId());
        }
        if (f.fromCompanyId() != null) {
            where.add("t.company_id = :fromCompany");
            binds.put("fromCompany", f.fromCompanyId());
        }
        if (f.handledByUserId() != null) {
            where.add("t.assignee_id = :handledBy");
            binds.put("handledBy", f.handledByUserId());
        }
        if (f.tagName() != null) {
            where.add("exists (select 1 from ticket_tags tt join tags g on g.id = tt.tag_id"
                    + " where tt.ticket_id = t.id and lower(g.name) = lower(:tag))");
            binds.put("tag", f.tagName());
        }
        addRange(where, binds, "t.created_at", f.createdFrom(), f.createdTo(), "created");
        addRange(where, binds, "t.updated_at", f.updatedFrom(), f.updatedTo(), "updated");
        if (f.dueInDays() != null) {
            where.add("t.due_date is not null and t.status_id <> 3"
                    + " and t.due_date < now() + make_interval(days => :dueDays)");
            binds.put("dueDays", f.dueInDays());
        }
        if (f.subscribedOnly()) {
            where.add("exists (select 1 from ticket_subscribers ts where ts.ticket_id = t.id and ts.user_id = :me)");
        }
        String order = "t.updated_at desc, t.id desc";
        String from = LIST_SELECT;
        if (candidates != null) {
            where.add("t.id = any(:candidates)");
            binds.put("candidates", candidates);
            order = "array_position(cast(:candidates as bigint[]), t.id)";
        } else if (f.query() != null) {
            String tsquery = tsquery(f.query(), binds);
            from = LIST_SELECT.replace(
                    "  from tickets t\n", "  from tickets t\n  join ticket_search x on x.ticket_id = t.id\n");
            where.add(SEARCH_IN_TENANT);
            where.add(document(caller) + " @@ " + tsquery);
            if (ranked) {
                order = "ts_rank(" + document(caller) + ", " + tsquery + ") desc, t.id desc";
            }
        }
        String sql =
                from + " where " + String.join(" and ", where) + " order by " + order + " limit :count offset :offset";
        binds.put("count", f.count());
        binds.put("offset", f.offset());
        GenericExecuteSpec spec = db.sql(sql);
        for (var e : binds.entrySet()) {
            spec = spec.bind(e.getKey(), e.getValue());
        }
        Mono<List<TicketSummary>> rows =
                spec.map(TicketQueries::toSummary).all().collectList();
        return f.includeCustomFields() ? rows.flatMap(this::withCustomFields) : rows;
    }

    /**
     * The phrase in websearch syntax (stemmed, "quoted phrases", -exclusions, or), or-ed, when it uses no operators,
     * with the same words where the last one (being typed) also matches as a prefix.
     */
    private static String tsquery(String query, Map<String, Object> binds) {
        binds.put("query", query);
        String lower = query.toLowerCase(Locale.ROOT);
        boolean operators =
                lower.contains("\"") || lower.startsWith("-") || lower.contains(" -") || lower.contains(" or ");
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(lower);
        while (m.find()) {
            words.add(m.group());
        }
        if (operators || words.isEmpty() || words.getLast().length() < 3) {
            return "websearch_to_tsquery('english', :query)";
        }
        words.set(words.size() - 1, words.getLast() + ":*");
        binds.put("prefix", String.join(" & ", words));
        return "(websearch_to_tsquery('english', :query) || to_tsquery('english', :prefix))";
    }

    private static void addRange(
            List<String> where, Map<String, Object> binds, String column, Object from, Object to, String name) {
        if (from != null) {
            where.add(column + " >= :" + name + "From");
            binds.put(name + "From", from);
        }
        if (to != null) {
            where.add(column + " < :" + name + "To");
            binds.put(name + "To", to);
        }
    }

    private Mono<List<TicketSummary>> withCustomFields(List<TicketSummary> tickets) {
        if (tickets.isEmpty()) {
            return Mono.just(tickets);
        }
        return fields.all().collectMap(TicketField::id).flatMap(all -> db.sql(
                        "select ticket_id, field_id, value from ticket_custom_values"
                                + " where ticket_id = any(:ids) order by field_id")
                .bind("ids", tickets.stream().map(TicketSummary::id).toArray(Long[]::new))
                .map(row -> new Object[] {
                    row.get("ticket_id", Long.class), row.get("field_id", Long.class), row.get("value", String.class)
                })
                .all()
                .collectList()
                .map(values -> {
                    Map<Long, List<TicketSummary.FieldValue>> byTicket = new LinkedHashMap<>();
                    for (Object[] v : values) {
                        TicketField field = all.get((Long) v[1]);
                        byTicket.computeIfAbsent((Long) v[0], k -> new ArrayList<>())
                                .add(new TicketSummary.FieldValue(
                                        field.id(), field.name(), field.display((String) v[2])));
                    }
                    return tickets.stream()
                            .map(t -> t.withCustomFields(List.copyOf(byTicket.getOrDefault(t.id(), List.of()))))
                            .toList();
                }));
    }

    public Mono<TicketStats> stats(Caller caller) {
        return tx.transactional(db.sql(
                        """
                                select count(*) as total,
                                       count(*) filter (where t.status_id = 3) as closed,
                                       count(*) filter (where t.status_id = 2) as in_process,
                                       count(*) filter (where t.status_id = 1) as new_tickets,
                                       count(*) filter (where t.status_id <> 3 and (t.status_id = 1
                                                        or t.updated_by_user or t.updated_for_tech_view)) as unanswered,
                                       count(*) filter (where t.status_id <> 3 and t.assignee_id is null) as unassigned,
                                       count(*) filter (where t.status_id <> 3) as unclosed,
                                       count(*) filter (where t.status_id <> 3 and t.assignee_id = :me) as handled_by_me,
                                       count(*) filter (where t.submitter_id = :me) as submitted_by_me
                                  from tickets t where %s
                                """
                                .formatted(Visibility.predicate(caller)))
                .bind("me", caller.userId())
                .map(row -> new TicketStats(
                        row.get("total", Long.class),
                        row.get("closed", Long.class),
                        row.get("in_process", Long.class),
                        row.get("new_tickets", Long.class),
                        row.get("unanswered", Long.class),
                        row.get("unassigned", Long.class),
                        row.get("unclosed", Long.class),
                        row.get("handled_by_me", Long.class),
                        row.get("submitted_by_me", Long.class)))
                .one());
    }

    /** The custom fields of the ticket's category with their values; unset ones only when asked for. */
    public Mono<List<TicketFieldValue>> customFields(Caller caller, long id, boolean returnUnset) {
        return tx.transactional(db.sql(
                        "select t.category_id from tickets t where t.id = :id and " + Visibility.predicate(caller))
                .bind("id", id)
                .bind("me", caller.userId())
                .map(row -> row.get(0, Long.class))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Ticket", id)))
                .flatMap(category -> db.sql("select field_id, value from ticket_custom_values where ticket_id = :id")
                        .bind("id", id)
                        .map(row -> Map.entry(row.get("field_id", Long.class), row.get("value", String.class)))
                        .all()
                        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                        .flatMap(values -> fields.all()
                                .filter(f -> caller.isTechnician() || !f.forTechsOnly())
                                .filter(f -> f.appliesTo(category) || values.containsKey(f.id()))
                                .filter(f -> returnUnset || values.containsKey(f.id()))
                                .map(f -> new TicketFieldValue(f, values.get(f.id()), f.display(values.get(f.id()))))
                                .collectList())));
    }

    private Mono<UserInfo> user(long userId) {
        return db.sql("select * from user_view where user_id = :id")
                .bind("id", userId)
                .map(row -> new UserInfo(
                        row.get("user_id", Long.class),
                        row.get("username", String.class),
                        row.get("email", String.class),
                        row.get("first_name", String.class),
                        row.get("last_name", String.class),
                        row.get("company_id", Long.class),
                        row.get("department_id", Long.class),
                        row.get("phone", String.class),
                        row.get("location", String.class),
                        Boolean.TRUE.equals(row.get("is_admin", Boolean.class)),
                        Boolean.TRUE.equals(row.get("is_tech", Boolean.class)),
                        Boolean.TRUE.equals(row.get("is_manager", Boolean.class)),
                        Boolean.TRUE.equals(row.get("disabled", Boolean.class))))
                .one();
    }

    /** A user the directory has not heard of (yet): only the id is known. */
    private static UserInfo unknown(long userId) {
        return new UserInfo(userId, null, null, null, null, null, null, null, null, false, false, false, false);
    }

    private Mono<List<TicketDetails.Tag>> tags(long ticketId) {
        return db.sql(
                        """
                        select g.id, g.name, (select count(*) from ticket_tags x where x.tag_id = g.id) as uses
                          from ticket_tags tt join tags g on g.id = tt.tag_id
                         where tt.ticket_id = :id order by lower(g.name)
                        """)
                .bind("id", ticketId)
                .map(row -> new TicketDetails.Tag(
                        row.get("id", Long.class), row.get("name", String.class), row.get("uses", Long.class)))
                .all()
                .collectList();
    }

    private static TicketSummary toSummary(Readable row) {
        Integer origin = row.get("origin", Integer.class);
        return new TicketSummary(
                row.get("id", Long.class),
                row.get("priority", Integer.class),
                row.get("status_id", Long.class),
                TicketState.instant(row, "created_at"),
                row.get("subject", String.class),
                row.get("status_name", String.class),
                Boolean.TRUE.equals(row.get("updated_by_user", Boolean.class)),
                Boolean.TRUE.equals(row.get("updated_by_performer", Boolean.class)),
                row.get("category_id", Long.class),
                row.get("user_name", String.class),
                row.get("technician", String.class),
                row.get("first_name", String.class),
                row.get("last_name", String.class),
                TicketState.instant(row, "due_date"),
                row.get("tech_first_name", String.class),
                row.get("tech_last_name", String.class),
                TicketState.instant(row, "updated_at"),
                Boolean.TRUE.equals(row.get("updated_for_tech_view", Boolean.class)),
                row.get("submitter_id", Long.class),
                row.get("company_id", Long.class),
                row.get("company_name", String.class),
                row.get("assignee_id", Long.class),
                TicketState.instant(row, "resolved_at"),
                row.get("section_id", Long.class),
                row.get("category_name", String.class),
                origin == null ? null : Origin.of(origin).map(Enum::name).orElse(null),
                row.get("email", String.class),
                row.get("last_updated_by", Long.class),
                row.get("last_updated_username", String.class),
                TicketState.instant(row, "start_date"),
                Boolean.TRUE.equals(row.get("has_children", Boolean.class)),
                null);
    }
}
