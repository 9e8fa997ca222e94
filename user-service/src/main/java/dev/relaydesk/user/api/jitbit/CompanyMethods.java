package dev.relaydesk.user.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.web.RequestParameters;
import dev.relaydesk.user.company.Companies;
import dev.relaydesk.user.company.Company;
import dev.relaydesk.user.department.Departments;
import java.util.List;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The seed's {@code Companies}, {@code Company}, {@code UpdateCompany} and {@code Departments}. */
@RestController
class CompanyMethods {

    private final Companies companies;
    private final Departments departments;
    private final JsonMapper json;

    CompanyMethods(Companies companies, Departments departments, JsonMapper json) {
        this.companies = companies;
        this.departments = departments;
        this.json = json;
    }

    @RequestMapping(
            path = "/api/companies",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitCompany>> companies(Caller caller) {
        return companies.list(caller).map(JitbitCompany::of).collectList();
    }

    @RequestMapping(path = "/api/company", method = RequestMethod.POST)
    Mono<Long> company(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> companies.create(caller, p.requiredText("name"), blankToNull(p.text("emailDomains"))));
    }

    @RequestMapping(path = "/api/updatecompany", method = RequestMethod.POST)
    Mono<Void> updateCompany(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            long id = p.requiredLong("id");
            String name = p.text("name");
            if (name != null && name.isBlank()) {
                throw dev.relaydesk.contract.ApiException.badParameter("name", "must not be empty");
            }
            return companies
                    .update(caller, id, name == null ? null : name.trim(), p.text("notes"), p.text("emailDomains"))
                    .then();
        });
    }

    @RequestMapping(
            path = "/api/departments",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitDepartment>> departments(Caller caller) {
        return departments
                .list(caller)
                .map(d -> new JitbitDepartment(d.id(), d.name()))
                .collectList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The seed's company object. */
    record JitbitCompany(
            @JsonProperty("CompanyID") long companyId,
            @JsonProperty("Name") String name,
            @JsonProperty("EmailDomain") String emailDomain,
            @JsonProperty("Notes") String notes) {

        static JitbitCompany of(Company c) {
            return new JitbitCompany(c.id(), c.name(), c.emailDomains(), c.notes());
        }
    }

    /** The seed's department object. */
    record JitbitDepartment(@JsonProperty("DepartmentID") long departmentId, @JsonProperty("Name") String name) {}
}
