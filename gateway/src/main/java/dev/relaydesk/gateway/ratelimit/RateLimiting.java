package dev.relaydesk.gateway.ratelimit;

import reactor.core.publisher.Mono;

/** Takes one call from a bucket of calls a minute, in memory or in Redis. */
public interface RateLimiting {

    /** Whose bucket: one per tenant, user and kind of call, at a given limit. */
    record BucketKey(String tenant, long userId, boolean search, int perMinute) {}

    /**
     * The outcome of one call.
     *
     * @param allowed whether the call may go on
     * @param remaining calls left in the bucket
     * @param retryAfterNanos when refused, how long until one call is allowed again
     */
    record Outcome(boolean allowed, long remaining, long retryAfterNanos) {}

    Mono<Outcome> consume(BucketKey key);
}
