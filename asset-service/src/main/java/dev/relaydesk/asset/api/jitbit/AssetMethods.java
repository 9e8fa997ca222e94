package dev.relaydesk.asset.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.asset.assignment.AssetAssignments;
import dev.relaydesk.asset.inventory.AssetDraft;
import dev.relaydesk.asset.inventory.AssetQuery;
import dev.relaydesk.asset.inventory.Assets;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.web.RequestParameters;
import java.util.List;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seed's asset methods: {@code Assets}, {@code Asset} (GET reads, POST creates), {@code UpdateAsset},
 * {@code AssignAssetToUser}, {@code UnAssignAssetToUser}, {@code AddAssetToTicket}, {@code RemoveAssetFromTicket},
 * {@code EnableAsset} and {@code DisableAsset}.
 */
@RestController
class AssetMethods {

    private final Assets assets;
    private final AssetAssignments assignments;
    private final JsonMapper json;

    AssetMethods(Assets assets, AssetAssignments assignments, JsonMapper json) {
        this.assets = assets;
        this.assignments = assignments;
        this.json = json;
    }

    @RequestMapping(
            path = "/api/assets",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitAsset>> assets(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            Integer page = p.intValue("page");
            String prefix = p.text("nameprefix");
            AssetQuery query = new AssetQuery(
                    page == null ? 1 : page,
                    p.longValue("assignedToUserId"),
                    p.longValue("assignedToCompanyId"),
                    p.longValue("assignedToDepartmentId"),
                    p.longValue("assignedToTicketId"),
                    prefix == null || prefix.isBlank() ? null : prefix.trim(),
                    p.bool("includeDisabled", false));
            return assets.list(caller, query)
                    .map(list -> list.stream().map(JitbitAsset::of).toList());
        });
    }

    @RequestMapping(path = "/api/asset", method = RequestMethod.GET)
    Mono<JitbitAsset> asset(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> assets.get(caller, p.requiredLong("id")))
                .map(JitbitAsset::of);
    }

    @RequestMapping(path = "/api/asset", method = RequestMethod.POST)
    Mono<CreatedId> createAsset(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            AssetDraft draft = new AssetDraft(
                    p.requiredText("modelName"),
                    p.requiredText("manufacturer"),
                    p.requiredText("type"),
                    p.requiredText("supplier"),
                    p.text("serialNumber"),
                    p.text("location"),
                    p.text("comments"),
                    p.intValue("quantity"),
                    p.longValue("companyId"));
            return assets.create(caller, draft).map(CreatedId::new);
        });
    }

    @RequestMapping(path = "/api/updateasset", method = RequestMethod.POST)
    Mono<JitbitAsset> updateAsset(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> {
                    long id = p.requiredLong("id");
                    AssetDraft draft = new AssetDraft(
                            p.requiredText("modelName"),
                            nonBlank(p.text("manufacturer")),
                            nonBlank(p.text("type")),
                            nonBlank(p.text("supplier")),
                            p.text("serialNumber"),
                            p.text("location"),
                            p.text("comments"),
                            p.intValue("quantity"),
                            p.longValue("companyId"));
                    return assets.update(caller, id, draft);
                })
                .map(JitbitAsset::of);
    }

    @RequestMapping(path = "/api/assignassettouser", method = RequestMethod.POST)
    Mono<Void> assignToUser(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> assignments.assignToUser(caller, p.requiredLong("assetId"), p.requiredLong("userId")));
    }

    @RequestMapping(path = "/api/unassignassettouser", method = RequestMethod.POST)
    Mono<Void> unassignFromUser(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(
                        p -> assignments.unassignFromUser(caller, p.requiredLong("assetId"), p.requiredLong("userId")));
    }

    @RequestMapping(path = "/api/addassettoticket", method = RequestMethod.POST)
    Mono<Void> addToTicket(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> assignments.linkToTicket(caller, p.requiredLong("assetId"), p.requiredLong("ticketID")));
    }

    @RequestMapping(path = "/api/removeassetfromticket", method = RequestMethod.POST)
    Mono<Void> removeFromTicket(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p ->
                        assignments.unlinkFromTicket(caller, p.requiredLong("assetId"), p.requiredLong("ticketID")));
    }

    @RequestMapping(path = "/api/enableasset", method = RequestMethod.POST)
    Mono<Void> enable(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> assets.setDisabled(caller, p.requiredLong("assetId"), false));
    }

    @RequestMapping(path = "/api/disableasset", method = RequestMethod.POST)
    Mono<Void> disable(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> assets.setDisabled(caller, p.requiredLong("assetId"), true));
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The seed's answer to {@code POST Asset}. */
    record CreatedId(@JsonProperty("id") long id) {}
}
