package dev.relaydesk.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

class ContractTest {

    final JsonMapper json = JsonMapper.builder().build();

    @Test
    void tenantIdsAreDnsLabels() {
        assertThat(TenantId.isValid("acme")).isTrue();
        assertThat(TenantId.isValid("acme-2")).isTrue();
        assertThat(TenantId.isValid("Acme")).isFalse();
        assertThat(TenantId.isValid("-acme")).isFalse();
        assertThat(TenantId.isValid("a".repeat(64))).isFalse();
        assertThatThrownBy(() -> TenantId.of("a_b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tenantIdCheckAgreesWithTheDocumentedPattern() {
        var pattern = java.util.regex.Pattern.compile(TenantId.SLUG);
        for (String candidate : java.util.List.of(
                "a", "a1", "a-b", "-a", "a-", "ab--c", "A", "a.b", "a_b", "1", "x".repeat(63), "é", "a b", "")) {
            assertThat(TenantId.isValid(candidate))
                    .as(candidate)
                    .isEqualTo(candidate.length() <= 63
                            && pattern.matcher(candidate).matches());
        }
    }

    @Test
    void rolesReadTheirClaimsInAnyCase() {
        assertThat(Role.fromClaim("Technician")).contains(Role.TECHNICIAN);
        assertThat(Role.ADMIN.claim()).isEqualTo("admin");
        assertThat(Role.fromClaim("root")).isEmpty();
    }

    @Test
    void dialectIsToldApartByPath() {
        assertThat(Dialect.of("/api/Tickets")).isEqualTo(Dialect.JITBIT);
        assertThat(Dialect.of("/API/V1/tickets")).isEqualTo(Dialect.V1);
        assertThat(Dialect.of("/api/v2/tickets")).isEqualTo(Dialect.V2);
        assertThat(Dialect.of("/api/hold_ticket/")).isEqualTo(Dialect.LEGACY);
        assertThat(Dialect.of("/User/Token")).isEqualTo(Dialect.JITBIT);
        assertThat(Dialect.of("/webhooks")).isEqualTo(Dialect.PLATFORM);
    }

    @Test
    void eachDialectHasItsErrorShape() {
        assertThat(text(ErrorBody.of(
                        Dialect.JITBIT,
                        HttpStatus.BAD_REQUEST,
                        "invalid_parameter",
                        "Parameter 'id' is required",
                        json)))
                .isEqualTo("Parameter 'id' is required");
        assertThat(text(ErrorBody.of(Dialect.V1, HttpStatus.NOT_FOUND, "not_found", "gone", json)))
                .isEqualTo("{\"error\":\"gone\",\"error_human\":\"gone\"}");
        assertThat(text(ErrorBody.of(Dialect.V2, HttpStatus.NOT_FOUND, "not_found", "gone", json)))
                .isEqualTo("{\"errors\":[{\"code\":404,\"title\":\"not_found\",\"details\":\"gone\"}]}");
        ErrorBody problem = ErrorBody.of(Dialect.PLATFORM, HttpStatus.FORBIDDEN, "forbidden", "no", json);
        assertThat(problem.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(text(problem)).contains("\"status\":403").contains("\"detail\":\"no\"");
    }

    @Test
    void apiExceptionMessagesNameTheParameter() {
        assertThat(ApiException.missingParameter("categoryId").getMessage())
                .isEqualTo("Parameter 'categoryId' is required");
        assertThat(ApiException.notFound("Ticket", 5).status()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    static String text(ErrorBody body) {
        return new String(body.bytes(), StandardCharsets.UTF_8);
    }
}
