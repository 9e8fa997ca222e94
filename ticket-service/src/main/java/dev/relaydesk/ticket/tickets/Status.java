package dev.relaydesk.ticket.tickets;

/** A ticket status: the built-in New (1), In process (2), Closed (3), or one of the tenant's own. */
public record Status(long id, String name) {

    public static final long NEW = 1;
    public static final long IN_PROCESS = 2;
    public static final long CLOSED = 3;

    /** SQL for a status id's name, given the column holding the id and the joined custom status's name. */
    static String nameSql(String idColumn, String customName) {
        return "coalesce(" + customName + ", case " + idColumn
                + " when 1 then 'New' when 2 then 'In process' when 3 then 'Closed' end)";
    }
}
