package dev.relaydesk.ticket.tickets;

import java.util.Map;

/** The ticket's issue-tracker links, by system name (Jira, GitHub, GitLab, ...). */
public record IntegrationLinks(Map<String, String> urls) {}
