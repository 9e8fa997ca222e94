package dev.relaydesk.gateway.authentication;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What an {@code Authorization} header presents, parsed only when the credential is not in the cache. The
 * {@code toString} of every variant leaves the secret out, so that a stray log line cannot leak it.
 *
 * <ul>
 *   <li>{@code Basic base64(user:secret)}: a password login (<code>DOMAIN&#92;user</code> is passed on as is). When the user part
 *       contains {@code @} it is first tried as {@code email:api_key} and, if user-service refuses that, as a password
 *       login with the e-mail address as the username.
 *   <li>{@code Bearer <value>}: an OIDC JWT when it parses as a JWT from the configured issuer, a Relaydesk user token
 *       otherwise.
 *   <li>{@code Token token=<value>} or {@code Token token="<value>"}: a user token.
 * </ul>
 */
sealed interface PresentedCredential {

    record Basic(String user, String secret) implements PresentedCredential {
        @Override
        public String toString() {
            return "Basic[user=" + user + "]";
        }

        boolean mayBeApiKey() {
            return user.indexOf('@') > 0;
        }
    }

    record Token(String token) implements PresentedCredential {
        @Override
        public String toString() {
            return "Token[...]";
        }
    }

    /** A Bearer value: a user token, unless it is a JWT of the configured issuer. */
    record Bearer(String value) implements PresentedCredential {
        @Override
        public String toString() {
            return "Bearer[...]";
        }
    }

    /** The credential in {@code authorization}, or null when it is none of the supported schemes or malformed. */
    static PresentedCredential parse(String authorization) {
        if (authorization == null) {
            return null;
        }
        int space = authorization.indexOf(' ');
        if (space <= 0) {
            return null;
        }
        String scheme = authorization.substring(0, space);
        String value = authorization.substring(space + 1).trim();
        if (value.isEmpty()) {
            return null;
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            return basic(value);
        }
        if (scheme.equalsIgnoreCase("Bearer")) {
            return value.indexOf(' ') < 0 ? new Bearer(value) : null;
        }
        if (scheme.equalsIgnoreCase("Token")) {
            return token(value);
        }
        return null;
    }

    private static Basic basic(String value) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || colon == decoded.length() - 1) {
            return null;
        }
        return new Basic(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** {@code token=abc}, {@code token="abc"} (other parameters after a comma are ignored). */
    private static Token token(String value) {
        if (!value.regionMatches(true, 0, "token=", 0, 6)) {
            return null;
        }
        String rest = value.substring(6).trim();
        String token;
        if (rest.startsWith("\"")) {
            int end = rest.indexOf('"', 1);
            if (end < 0) {
                return null;
            }
            token = rest.substring(1, end);
        } else {
            int comma = rest.indexOf(',');
            token = (comma < 0 ? rest : rest.substring(0, comma)).trim();
        }
        return token.isEmpty() || token.indexOf(' ') >= 0 ? null : new Token(token);
    }
}
