package dev.relaydesk.ticket.tickets;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A ticket as stored, loaded for a change: the use cases edit a copy and compare it with the original. */
final class TicketState {

    long id;
    String subject;
    String body;
    long categoryId;
    long statusId;
    int priority;
    int origin;
    long submitterId;
    long createdBy;
    Long assigneeId;
    Long companyId;
    Long departmentId;
    Instant createdAt;
    Instant updatedAt;
    Instant startDate;
    Instant resolvedAt;
    Instant dueDate;
    int timeSpent;
    boolean updatedByUser;
    boolean updatedByPerformer;
    boolean updatedForTechView;
    Long lastUpdatedBy;
    /** Not audited here: sub-ticket changes write their own audit rows. */
    Long parentId;

    List<String> tags = new ArrayList<>();
    Map<Long, String> customFields = new TreeMap<>();
    /** The tenant's statuses named "On hold" (loaded with the ticket, for the snapshot's {@code onHold}). */
    java.util.Set<Long> onHoldStatusIds = java.util.Set.of();

    TicketState copy() {
        TicketState c = new TicketState();
        c.id = id;
        c.subject = subject;
        c.body = body;
        c.categoryId = categoryId;
        c.statusId = statusId;
        c.priority = priority;
        c.origin = origin;
        c.submitterId = submitterId;
        c.createdBy = createdBy;
        c.assigneeId = assigneeId;
        c.companyId = companyId;
        c.departmentId = departmentId;
        c.createdAt = createdAt;
        c.updatedAt = updatedAt;
        c.startDate = startDate;
        c.resolvedAt = resolvedAt;
        c.dueDate = dueDate;
        c.timeSpent = timeSpent;
        c.updatedByUser = updatedByUser;
        c.updatedByPerformer = updatedByPerformer;
        c.updatedForTechView = updatedForTechView;
        c.lastUpdatedBy = lastUpdatedBy;
        c.parentId = parentId;
        c.onHoldStatusIds = onHoldStatusIds;
        c.tags = new ArrayList<>(tags);
        c.customFields = new TreeMap<>(customFields);
        return c;
    }

    /** The audited fields as strings, named as in {@code relaydesk.ticket.updated.v1}'s {@code changes}. */
    Map<String, String> audited() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("subject", subject);
        m.put("body", body);
        m.put("categoryId", Long.toString(categoryId));
        m.put("statusId", Long.toString(statusId));
        m.put("priorityId", Integer.toString(priority));
        m.put("assignedToUserId", assigneeId == null ? null : assigneeId.toString());
        m.put("submitterUserId", Long.toString(submitterId));
        m.put("createdAt", createdAt == null ? null : createdAt.toString());
        m.put("dueDate", dueDate == null ? null : dueDate.toString());
        m.put("resolvedAt", resolvedAt == null ? null : resolvedAt.toString());
        m.put("timeSpentInSeconds", Integer.toString(timeSpent));
        m.put("tags", String.join(",", tags));
        customFields.forEach((id, value) -> m.put("customField:" + id, value));
        return m;
    }

    /** Every audited field whose value differs between {@code before} and this state. */
    List<TicketChange> changesSince(TicketState before) {
        Map<String, String> old = before.audited();
        Map<String, String> now = audited();
        List<TicketChange> changes = new ArrayList<>();
        for (var e : now.entrySet()) {
            String previous = old.get(e.getKey());
            if (!java.util.Objects.equals(previous, e.getValue())) {
                changes.add(new TicketChange(e.getKey(), previous, e.getValue()));
            }
        }
        for (var e : old.entrySet()) {
            if (!now.containsKey(e.getKey()) && e.getValue() != null) {
                changes.add(new TicketChange(e.getKey(), e.getValue(), null));
            }
        }
        return changes;
    }

    TicketSnapshot snapshot() {
        Map<String, String> fields = new LinkedHashMap<>();
        customFields.forEach((k, v) -> fields.put(k.toString(), v));
        return new TicketSnapshot(
                id,
                subject,
                categoryId,
                statusId,
                priority,
                origin,
                submitterId,
                assigneeId,
                companyId,
                departmentId,
                List.copyOf(tags),
                dueDate,
                fields,
                createdAt,
                updatedAt,
                resolvedAt,
                onHoldStatusIds.contains(statusId));
    }

    static TicketState from(Readable row) {
        TicketState t = new TicketState();
        t.id = row.get("id", Long.class);
        t.subject = row.get("subject", String.class);
        t.body = row.get("body", String.class);
        t.categoryId = row.get("category_id", Long.class);
        t.statusId = row.get("status_id", Long.class);
        t.priority = row.get("priority", Integer.class);
        t.origin = row.get("origin", Integer.class);
        t.submitterId = row.get("submitter_id", Long.class);
        t.createdBy = row.get("created_by", Long.class);
        t.assigneeId = row.get("assignee_id", Long.class);
        t.companyId = row.get("company_id", Long.class);
        t.departmentId = row.get("department_id", Long.class);
        t.createdAt = instant(row, "created_at");
        t.updatedAt = instant(row, "updated_at");
        t.startDate = instant(row, "start_date");
        t.resolvedAt = instant(row, "resolved_at");
        t.dueDate = instant(row, "due_date");
        t.timeSpent = row.get("time_spent", Integer.class);
        t.updatedByUser = Boolean.TRUE.equals(row.get("updated_by_user", Boolean.class));
        t.updatedByPerformer = Boolean.TRUE.equals(row.get("updated_by_performer", Boolean.class));
        t.updatedForTechView = Boolean.TRUE.equals(row.get("updated_for_tech_view", Boolean.class));
        t.lastUpdatedBy = row.get("last_updated_by", Long.class);
        t.parentId = row.get("parent_id", Long.class);
        return t;
    }

    static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
