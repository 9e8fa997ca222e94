package dev.relaydesk.ticket.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.web.RequestParameters;
import dev.relaydesk.ticket.category.Categories;
import dev.relaydesk.ticket.category.Category;
import dev.relaydesk.ticket.category.CategoryEdit;
import dev.relaydesk.ticket.category.NewCategory;
import dev.relaydesk.ticket.category.Technician;
import dev.relaydesk.ticket.customfield.TicketFields;
import dev.relaydesk.ticket.tickets.Status;
import dev.relaydesk.ticket.tickets.Statuses;
import java.util.List;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Categories}, {@code TechsForCategory}, {@code CustomFieldsForCategory}, and Relaydesk's additions to set up a
 * tenant: {@code CreateCategory}, {@code UpdateCategory}, {@code DeleteCategory}, {@code Statuses}, {@code CreateStatus}.
 */
@RestController
class CategoryMethods {

    private final Categories categories;
    private final TicketFields fields;
    private final Statuses statuses;
    private final JsonMapper json;

    CategoryMethods(Categories categories, TicketFields fields, Statuses statuses, JsonMapper json) {
        this.categories = categories;
        this.fields = fields;
        this.statuses = statuses;
        this.json = json;
    }

    @RequestMapping(
            path = "/api/categories",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitCategory>> categories(Caller caller) {
        return categories.visible(caller).map(JitbitCategory::of).collectList();
    }

    @RequestMapping(
            path = "/api/techsforcategory",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitTechnician>> techsForCategory(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> categories
                .technicians(caller, p.requiredLong("id"))
                .map(JitbitTechnician::of)
                .collectList());
    }

    @RequestMapping(
            path = "/api/customfieldsforcategory",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitCustomField>> customFieldsForCategory(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> fields.forCategory(caller, p.requiredLong("categoryId"))
                        .map(JitbitCustomField::of)
                        .collectList());
    }

    @RequestMapping(path = "/api/createcategory", method = RequestMethod.POST)
    Mono<Long> createCategory(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> categories.create(
                        caller,
                        new NewCategory(
                                p.requiredText("name"),
                                p.longValue("sectionId"),
                                p.text("sectionName"),
                                p.bool("forTechsOnly", false),
                                p.bool("kbOnly", false),
                                p.text("notes"))));
    }

    @RequestMapping(path = "/api/updatecategory", method = RequestMethod.POST)
    Mono<Void> updateCategory(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            long id = p.requiredLong("id");
            String name = p.text("name");
            if (name != null && name.isBlank()) {
                throw ApiException.badParameter("name", "must not be empty");
            }
            return categories.update(
                    caller,
                    id,
                    new CategoryEdit(
                            name == null ? null : name.trim(),
                            p.longValue("sectionId"),
                            p.text("sectionName"),
                            p.bool("forTechsOnly"),
                            p.bool("kbOnly"),
                            p.text("notes")));
        });
    }

    @RequestMapping(path = "/api/deletecategory", method = RequestMethod.POST)
    Mono<Void> deleteCategory(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> categories.delete(caller, p.requiredLong("id")));
    }

    @RequestMapping(
            path = "/api/statuses",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitStatus>> statuses() {
        return statuses.all().map(JitbitStatus::of).collectList();
    }

    @RequestMapping(path = "/api/createstatus", method = RequestMethod.POST)
    Mono<Long> createStatus(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            String name = p.requiredText("name");
            if (name.length() > 100) {
                throw ApiException.badParameter("name", "must be at most 100 characters");
            }
            return statuses.create(caller, name);
        });
    }

    /** The seed's category object. */
    record JitbitCategory(
            @JsonProperty("CategoryID") long categoryId,
            @JsonProperty("Name") String name,
            @JsonProperty("SectionID") Long sectionId,
            @JsonProperty("Section") String section,
            @JsonProperty("NameWithSection") String nameWithSection,
            @JsonProperty("ForTechsOnly") boolean forTechsOnly,
            @JsonProperty("FromAddress") String fromAddress) {

        static JitbitCategory of(Category c) {
            return new JitbitCategory(
                    c.id(),
                    c.name(),
                    c.sectionId(),
                    c.sectionName(),
                    c.nameWithSection(),
                    c.forTechsOnly(),
                    c.fromAddress());
        }
    }

    /** The seed's {@code TechsForCategory} entry. */
    record JitbitTechnician(
            @JsonProperty("UserID") long userId,
            @JsonProperty("Username") String username,
            @JsonProperty("FirstName") String firstName,
            @JsonProperty("LastName") String lastName,
            @JsonProperty("TicketsAssigned") long ticketsAssigned,
            @JsonProperty("FullNameAndLogin") String fullNameAndLogin,
            @JsonProperty("FullName") String fullName) {

        static JitbitTechnician of(Technician t) {
            return new JitbitTechnician(
                    t.userId(),
                    t.username(),
                    t.firstName(),
                    t.lastName(),
                    t.ticketsAssigned(),
                    t.fullNameAndLogin(),
                    t.fullName());
        }
    }

    /** A status (Relaydesk addition). */
    record JitbitStatus(@JsonProperty("StatusID") long statusId, @JsonProperty("Name") String name) {

        static JitbitStatus of(Status s) {
            return new JitbitStatus(s.id(), s.name());
        }
    }
}
