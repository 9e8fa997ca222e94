package dev.relaydesk.notification.delivery;

/**
 * How one HTTP attempt ended.
 *
 * @param statusCode null when no response arrived (timeout, connection refused, address refused)
 * @param response the first bytes of the response body
 * @param error why no response arrived, or null
 */
public record AttemptResult(Integer statusCode, String response, String error, long latencyMs) {

    public boolean succeeded() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }
}
