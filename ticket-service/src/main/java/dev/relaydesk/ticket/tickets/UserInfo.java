package dev.relaydesk.ticket.tickets;

/** A user as the local directory knows them (submitter or assignee of a ticket). */
public record UserInfo(
        long userId,
        String username,
        String email,
        String firstName,
        String lastName,
        Long companyId,
        Long departmentId,
        String phone,
        String location,
        boolean isAdmin,
        boolean isTech,
        boolean isManager,
        boolean disabled) {}
