package dev.relaydesk.ticket.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.web.RequestParameters;
import dev.relaydesk.ticket.settings.TicketSettings;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Relaydesk addition {@code TicketSettings}: GET reads the tenant's ticket settings, POST changes them (administrators;
 * {@code companyTicketsVisible=true} lets regular users see their company's tickets).
 */
@RestController
class SettingsMethods {

    private final TicketSettings settings;
    private final JsonMapper json;

    SettingsMethods(TicketSettings settings, JsonMapper json) {
        this.settings = settings;
        this.json = json;
    }

    @RequestMapping(path = "/api/ticketsettings", method = RequestMethod.GET)
    Mono<JitbitTicketSettings> read(Caller caller) {
        return settings.get(caller).map(JitbitTicketSettings::of);
    }

    @RequestMapping(path = "/api/ticketsettings", method = RequestMethod.POST)
    Mono<JitbitTicketSettings> update(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> settings.update(caller, p.bool("companyTicketsVisible")))
                .map(JitbitTicketSettings::of);
    }

    record JitbitTicketSettings(@JsonProperty("CompanyTicketsVisible") boolean companyTicketsVisible) {
        static JitbitTicketSettings of(TicketSettings.Settings s) {
            return new JitbitTicketSettings(s.companyTicketsVisible());
        }
    }
}
