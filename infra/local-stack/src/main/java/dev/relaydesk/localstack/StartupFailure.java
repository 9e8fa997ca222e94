package dev.relaydesk.localstack;

/**
 * Thrown when a part of the local stack does not become ready; its message carries the end of the failing part's log,
 * because a test report or a terminal is where the reader is, not the log directory.
 */
public class StartupFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StartupFailure(String message) {
        super(message);
    }

    public StartupFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
