package dev.relaydesk.ticket.tickets;

import dev.relaydesk.platform.security.Caller;

/**
 * Which tickets a caller sees, as one SQL predicate over {@code t} (bound to {@code :me}): administrators every
 * ticket; technicians the tickets of the categories they have permission in plus those they submitted or are assigned;
 * everyone else their own tickets, and their company's when the tenant's {@code ticket_settings} say so (row-level
 * security keeps that lookup in the tenant). A ticket outside it does not exist for the caller (404).
 */
final class Visibility {

    private Visibility() {}

    static String predicate(Caller caller) {
        if (caller.isAdmin()) {
            return "(cast(:me as bigint) is not null)";
        }
        if (caller.isTechnician()) {
            return "(t.submitter_id = :me or t.assignee_id = :me"
                    + " or t.category_id in (select p.category_id from category_techs p where p.user_id = :me))";
        }
        return "(t.submitter_id = :me or (t.company_id is not null"
                + " and exists (select 1 from ticket_settings s where s.company_tickets_visible)"
                + " and t.company_id = (select u.company_id from user_view u where u.user_id = :me)))";
    }
}
