package dev.relaydesk.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class BearerTokenHeaderConverterTest {

    /** Spring Security's own check (ServerBearerTokenAuthenticationConverter), the behaviour to keep. */
    private static final Pattern SPRING =
            Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$", Pattern.CASE_INSENSITIVE);

    static final List<String> HEADERS = List.of(
            "Bearer abc",
            "bearer abc",
            "BEARER abc.DEF-ghi_jkl~mno+pqr/stu",
            "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
            "Bearer abc==",
            "Bearer abc=",
            "Bearer ",
            "Bearer",
            "Bearer  abc",
            "Bearer abc ",
            "Bearer abc def",
            "Bearer =abc",
            "Bearer abc=d",
            "Bearer ===",
            "Bearer abc\n",
            "Bearer ab\"c",
            "Bearer abç",
            "Bearerabc",
            "Bearer\tabc",
            "Bearers abc",
            "Basic dXNlcjpwYXNz");

    @ParameterizedTest
    @FieldSource("HEADERS")
    void acceptsExactlyWhatSpringSecurityAccepts(String header) {
        Matcher spring = SPRING.matcher(header);
        String expected = spring.matches() ? spring.group("token") : null;

        assertThat(BearerTokenHeaderConverter.tokenOf(header)).isEqualTo(expected);
    }
}
