package dev.relaydesk.asset.inventory;

/**
 * The filters of {@code Assets}, all optional. {@code assignedToCompanyId} matches assets of that company and assets
 * assigned to a user of that company; {@code assignedToDepartmentId} matches assets assigned to a user of that
 * department (as the user read model knows them); {@code namePrefix} matches the start of the model name,
 * case-insensitively.
 */
public record AssetQuery(
        int page,
        Long assignedToUserId,
        Long assignedToCompanyId,
        Long assignedToDepartmentId,
        Long assignedToTicketId,
        String namePrefix,
        boolean includeDisabled) {

    public static final int PAGE_SIZE = 50;
}
