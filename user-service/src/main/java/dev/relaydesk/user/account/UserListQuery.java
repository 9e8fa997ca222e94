package dev.relaydesk.user.account;

/** Which users a {@code Users} call lists: a page of {@code count} users, optionally filtered. */
public record UserListQuery(int count, int page, Mode mode, Long departmentId, Long companyId) {

    /** The seed's {@code listMode} values. */
    public enum Mode {
        ALL,
        TECHS,
        ADMINS,
        REGULAR,
        DISABLED
    }
}
