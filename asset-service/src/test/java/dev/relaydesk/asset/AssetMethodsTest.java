package dev.relaydesk.asset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code POST Asset}, {@code Asset}, {@code Assets}, {@code UpdateAsset}, {@code EnableAsset} and
 * {@code DisableAsset}.
 */
class AssetMethodsTest extends AssetTestSupport {

    static final List<String> SEED_FIELDS = List.of(
            "Tickets",
            "AssignedUsers",
            "Fields",
            "Attachments",
            "ItemID",
            "Manufacturer",
            "Supplier",
            "ModelName",
            "TypeID",
            "Type",
            "ManufacturerID",
            "SupplierID",
            "SerialNumber",
            "Location",
            "Comments",
            "Quantity",
            "TicketCount",
            "Company",
            "CompanyID");

    static long number(String json, String field) {
        return Long.parseLong(json.replaceAll("(?s).*?\"" + field + "\":(\\d+).*", "$1"));
    }

    @Nested
    class CreateAndRead {

        @Test
        void createdAssetIsReadBackWithTheSeedsFieldsInTheSeedsOrder() {
            companyCreated(451, "Acme Ltd");
            long id = createAsset(
                    "modelName", "Macbook",
                    "manufacturer", "Apple",
                    "type", "Laptop",
                    "supplier", "none",
                    "serialNumber", "C02XL0GQ",
                    "location", "Room 12",
                    "comments", "spare",
                    "quantity", "3",
                    "companyId", "451");
            String json = asset(id);
            assertThat(fieldNames(json)).containsExactlyElementsOf(SEED_FIELDS);
            long manufacturer = number(json, "ManufacturerID");
            long supplier = number(json, "SupplierID");
            long type = number(json, "TypeID");
            assertThat(json)
                    .isEqualTo("{\"Tickets\":[],\"AssignedUsers\":[],\"Fields\":[],\"Attachments\":null,\"ItemID\":"
                            + id
                            + ",\"Manufacturer\":\"Apple\",\"Supplier\":\"none\",\"ModelName\":\"Macbook\",\"TypeID\":"
                            + type + ",\"Type\":\"Laptop\",\"ManufacturerID\":" + manufacturer + ",\"SupplierID\":"
                            + supplier + ",\"SerialNumber\":\"C02XL0GQ\",\"Location\":\"Room 12\","
                            + "\"Comments\":\"spare\",\"Quantity\":3,\"TicketCount\":0,\"Company\":\"Acme Ltd\","
                            + "\"CompanyID\":451}");
            assertThat(event(ASSETS, tenant, id, "relaydesk.asset.created.v1"))
                    .contains(
                            "\"assetId\":" + id,
                            "\"modelName\":\"Macbook\"",
                            "\"manufacturerId\":" + manufacturer,
                            "\"manufacturer\":\"Apple\"",
                            "\"supplier\":\"none\"",
                            "\"type\":\"Laptop\"",
                            "\"serialNumber\":\"C02XL0GQ\"",
                            "\"quantity\":3",
                            "\"companyId\":451",
                            "\"actorUserId\":900000002",
                            "\"occurredAt\":");
        }

        @Test
        void optionalFieldsAreNullAndQuantityDefaultsToOne() {
            long id = createAsset();
            assertThat(asset(id))
                    .contains("\"SerialNumber\":null,\"Location\":null,\"Comments\":null,\"Quantity\":1,"
                            + "\"TicketCount\":0,\"Company\":null,\"CompanyID\":null");
        }

        @Test
        void manufacturersSuppliersAndTypesAreCreatedOnFirstUseAndReusedWhateverTheCase() {
            String first = asset(createAsset("manufacturer", "Apple", "supplier", "Dell Direct", "type", "Laptop"));
            String second = asset(createAsset("manufacturer", "APPLE", "supplier", "dell direct", "type", "Phone"));
            assertThat(number(second, "ManufacturerID")).isEqualTo(number(first, "ManufacturerID"));
            assertThat(number(second, "SupplierID")).isEqualTo(number(first, "SupplierID"));
            assertThat(number(second, "TypeID")).isNotEqualTo(number(first, "TypeID"));
            assertThat(second)
                    .contains("\"Manufacturer\":\"Apple\"", "\"Supplier\":\"Dell Direct\"", "\"Type\":\"Phone\"");
            String otherTenant = newTenant();
            String created = body(post(
                            "Asset",
                            admin(otherTenant),
                            "modelName",
                            "X",
                            "manufacturer",
                            "Apple",
                            "type",
                            "Laptop",
                            "supplier",
                            "none")
                    .expectStatus()
                    .isOk());
            String elsewhere = body(get("Asset?id=" + created.replaceAll("\\D", ""), admin(otherTenant)));
            assertThat(number(elsewhere, "ManufacturerID")).isNotEqualTo(number(first, "ManufacturerID"));
        }

        @Test
        void creatingNamesEachMissingOrMalformedParameter() {
            String[] all = {"modelName", "M", "manufacturer", "A", "type", "T", "supplier", "S"};
            for (int i = 0; i < all.length; i += 2) {
                List<String> without = new ArrayList<>(List.of(all));
                without.remove(i);
                without.remove(i);
                assertError(
                        post("Asset", admin(tenant), without.toArray(String[]::new)),
                        400,
                        "Parameter '" + all[i] + "' is required");
            }
            assertError(
                    post("Asset", admin(tenant), "modelName", "M", "manufacturer", "A", "type", "T", "supplier", " "),
                    400,
                    "Parameter 'supplier' is required");
            assertError(
                    post(
                            "Asset",
                            admin(tenant),
                            "modelName",
                            "M",
                            "manufacturer",
                            "A",
                            "type",
                            "T",
                            "supplier",
                            "S",
                            "quantity",
                            "many"),
                    400,
                    "Parameter 'quantity' must be an integer");
            assertError(
                    post(
                            "Asset",
                            admin(tenant),
                            "modelName",
                            "M",
                            "manufacturer",
                            "A",
                            "type",
                            "T",
                            "supplier",
                            "S",
                            "quantity",
                            "-1"),
                    400,
                    "Parameter 'quantity' must not be negative");
            assertError(
                    post(
                            "Asset",
                            admin(tenant),
                            "modelName",
                            "M",
                            "manufacturer",
                            "A",
                            "type",
                            "T",
                            "supplier",
                            "S",
                            "companyId",
                            "424242"),
                    404,
                    "Company 424242 was not found");
        }

        @Test
        void onlyAdministratorsAndTechniciansCreateAndRead() {
            long id = createAsset();
            assertError(
                    post("Asset", regular(tenant), "modelName", "M", "manufacturer", "A", "type", "T", "supplier", "S"),
                    403,
                    "Requires helpdesk-administrator or technician permissions");
            post(
                            "Asset",
                            bearer(tenant, 7, "manager"),
                            "modelName",
                            "M",
                            "manufacturer",
                            "A",
                            "type",
                            "T",
                            "supplier",
                            "S")
                    .expectStatus()
                    .isForbidden();
            assertError(
                    get("Asset?id=" + id, regular(tenant)),
                    403,
                    "Requires helpdesk-administrator or technician permissions");
            get("Asset?id=" + id, admin(tenant)).expectStatus().isOk();
        }

        @Test
        void unknownMissingAndOtherTenantsAssetsAreNotFound() {
            long id = createAsset();
            assertError(get("Asset?id=999999999", admin(tenant)), 404, "Asset 999999999 was not found");
            assertError(get("Asset", admin(tenant)), 400, "Parameter 'id' is required");
            assertError(get("Asset?id=abc", admin(tenant)), 400, "Parameter 'id' must be an integer");
            assertError(get("Asset?id=" + id, admin(newTenant())), 404, "Asset " + id + " was not found");
        }

        @Test
        void parametersAreCaseInsensitiveAndAcceptJson() {
            String created = body(web.post()
                    .uri("/api/ASSET")
                    .header("Authorization", admin(tenant))
                    .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                    .bodyValue("{\"ModelName\":\"Surface\",\"Manufacturer\":\"Microsoft\",\"Type\":\"Tablet\","
                            + "\"Supplier\":\"MS Store\",\"Quantity\":2}")
                    .exchange()
                    .expectStatus()
                    .isOk());
            long id = Long.parseLong(created.replaceAll("\\D", ""));
            assertThat(body(get("asset?ID=" + id, technician(tenant))))
                    .contains("\"ModelName\":\"Surface\"", "\"Quantity\":2", "\"Manufacturer\":\"Microsoft\"");
        }
    }

    @Nested
    class ListingAssets {

        @Test
        void pagesHoldFiftyAssetsInIdOrderWithoutOverlap() {
            List<Long> created = new ArrayList<>();
            for (int i = 0; i < 53; i++) {
                created.add(createAsset("modelName", "Model " + i));
            }
            String first = assets("");
            assertThat(fieldNames(first.substring(1, first.indexOf("\"CompanyID\"") + 17)))
                    .containsExactlyElementsOf(SEED_FIELDS);
            assertThat(first).startsWith("[{\"Tickets\":null,\"AssignedUsers\":[],\"Fields\":[],\"Attachments\":null,");
            List<Long> page1 = itemIds(first);
            List<Long> page2 = itemIds(assets("?page=2"));
            assertThat(page1).hasSize(50).containsExactlyElementsOf(created.subList(0, 50));
            assertThat(page2).containsExactlyElementsOf(created.subList(50, 53));
            assertThat(itemIds(assets("?page=1"))).isEqualTo(page1);
            assertThat(assets("?page=3")).isEqualTo("[]");
            assertError(get("Assets?page=0", admin(tenant)), 400, "Parameter 'page' must be 1 or more");
            assertError(get("Assets?page=two", admin(tenant)), 400, "Parameter 'page' must be an integer");
        }

        @Test
        void namePrefixMatchesTheStartOfTheModelNameWhateverTheCase() {
            long pro = createAsset("modelName", "Macbook Pro");
            long air = createAsset("modelName", "MacBook Air");
            createAsset("modelName", "ThinkPad Mac edition");
            long underscore = createAsset("modelName", "Mac_Mini");
            assertThat(itemIds(assets("?nameprefix=macb"))).containsExactly(pro, air);
            assertThat(itemIds(assets("?namePrefix=MAC"))).containsExactly(pro, air, underscore);
            assertThat(itemIds(assets("?nameprefix=mac_"))).containsExactly(underscore);
            assertThat(itemIds(assets("?nameprefix=Think"))).hasSize(1);
            assertError(
                    get("Assets?nameprefix=ma", admin(tenant)),
                    400,
                    "Parameter 'nameprefix' must be at least 3 characters");
        }

        @Test
        void anotherTenantSeesNoneAndRegularUsersAreRefused() {
            createAsset();
            assertThat(body(get("Assets", admin(newTenant())).expectStatus().isOk()))
                    .isEqualTo("[]");
            assertError(
                    get("Assets", regular(tenant)), 403, "Requires helpdesk-administrator or technician permissions");
            assertError(
                    get("Assets?assignedToUserId=x", admin(tenant)),
                    400,
                    "Parameter 'assignedToUserId' must be an integer");
            assertError(
                    get("Assets?includeDisabled=maybe", admin(tenant)),
                    400,
                    "Parameter 'includeDisabled' must be true or false");
        }
    }

    @Nested
    class UpdatingAssets {

        @Test
        void updateChangesTheGivenFieldsKeepsTheRestAndAnswersTheAsset() {
            companyCreated(77, "Globex");
            long id = createAsset("serialNumber", "S1", "location", "Desk 4", "comments", "old", "quantity", "2");
            String before = asset(id);
            String updated = body(post(
                            "UpdateAsset",
                            technician(tenant),
                            "id",
                            Long.toString(id),
                            "modelName",
                            "Macbook Pro",
                            "manufacturer",
                            "apple",
                            "type",
                            "Notebook",
                            "comments",
                            "",
                            "companyId",
                            "77")
                    .expectStatus()
                    .isOk());
            assertThat(fieldNames(updated)).containsExactlyElementsOf(SEED_FIELDS);
            assertThat(updated)
                    .contains(
                            "\"ItemID\":" + id,
                            "\"ModelName\":\"Macbook Pro\"",
                            "\"Manufacturer\":\"Apple\"",
                            "\"ManufacturerID\":" + number(before, "ManufacturerID"),
                            "\"Type\":\"Notebook\"",
                            "\"Supplier\":\"none\"",
                            "\"SerialNumber\":\"S1\"",
                            "\"Location\":\"Desk 4\"",
                            "\"Comments\":null",
                            "\"Quantity\":2",
                            "\"Company\":\"Globex\",\"CompanyID\":77");
            assertThat(number(updated, "TypeID")).isNotEqualTo(number(before, "TypeID"));
            assertThat(asset(id)).isEqualTo(updated);
            assertThat(event(ASSETS, tenant, id, "relaydesk.asset.updated.v1"))
                    .contains(
                            "\"modelName\":\"Macbook Pro\"",
                            "\"type\":\"Notebook\"",
                            "\"comments\":null",
                            "\"companyId\":77",
                            "\"disabled\":false",
                            "\"actorUserId\":900000002");
            String cleared = body(post(
                            "UpdateAsset",
                            admin(tenant),
                            "id",
                            Long.toString(id),
                            "modelName",
                            "Macbook Pro",
                            "companyId",
                            "0")
                    .expectStatus()
                    .isOk());
            assertThat(cleared).contains("\"Company\":null,\"CompanyID\":null", "\"Type\":\"Notebook\"");
        }

        @Test
        void updateNamesMissingParametersAndRefusesUnknownAssetsOtherTenantsAndRegularUsers() {
            long id = createAsset();
            assertError(post("UpdateAsset", admin(tenant), "modelName", "X"), 400, "Parameter 'id' is required");
            assertError(
                    post("UpdateAsset", admin(tenant), "id", Long.toString(id)),
                    400,
                    "Parameter 'modelName' is required");
            assertError(
                    post("UpdateAsset", admin(tenant), "id", Long.toString(id), "modelName", "X", "quantity", "1.5"),
                    400,
                    "Parameter 'quantity' must be an integer");
            assertError(
                    post("UpdateAsset", admin(tenant), "id", "999999999", "modelName", "X"),
                    404,
                    "Asset 999999999 was not found");
            assertError(
                    post("UpdateAsset", admin(tenant), "id", Long.toString(id), "modelName", "X", "companyId", "5"),
                    404,
                    "Company 5 was not found");
            assertError(
                    post("UpdateAsset", admin(newTenant()), "id", Long.toString(id), "modelName", "X"),
                    404,
                    "Asset " + id + " was not found");
            assertError(
                    post("UpdateAsset", regular(tenant), "id", Long.toString(id), "modelName", "X"),
                    403,
                    "Requires helpdesk-administrator or technician permissions");
            assertThat(asset(id)).contains("\"ModelName\":\"Macbook\"");
        }
    }

    @Nested
    class EnablingAndDisabling {

        @Test
        void disabledAssetsAreListedOnlyWithIncludeDisabledAndCanBeEnabledAgain() {
            long kept = createAsset("modelName", "Kept");
            long retired = createAsset("modelName", "Retired");
            post("DisableAsset", technician(tenant), "assetId", Long.toString(retired))
                    .expectStatus()
                    .isOk();
            assertThat(itemIds(assets(""))).containsExactly(kept);
            assertThat(itemIds(assets("?includeDisabled=true"))).containsExactly(kept, retired);
            assertThat(asset(retired)).contains("\"ModelName\":\"Retired\"");
            assertThat(event(ASSETS, tenant, retired, "relaydesk.asset.disabled.v1"))
                    .contains("\"assetId\":" + retired, "\"actorUserId\":900000002", "\"occurredAt\":");
            post("EnableAsset", admin(tenant), "assetId", Long.toString(retired))
                    .expectStatus()
                    .isOk();
            assertThat(itemIds(assets(""))).containsExactly(kept, retired);
            assertThat(event(ASSETS, tenant, retired, "relaydesk.asset.enabled.v1"))
                    .contains("\"assetId\":" + retired, "\"actorUserId\":900000001");
        }

        @Test
        void enablingAndDisablingNameTheParameterAndRefuseUnknownAssetsOtherTenantsAndRegularUsers() {
            long id = createAsset();
            for (String method : List.of("EnableAsset", "DisableAsset")) {
                assertError(post(method, admin(tenant)), 400, "Parameter 'assetId' is required");
                assertError(post(method, admin(tenant), "assetId", "999999999"), 404, "Asset 999999999 was not found");
                assertError(
                        post(method, admin(newTenant()), "assetId", Long.toString(id)),
                        404,
                        "Asset " + id + " was not found");
                assertError(
                        post(method, regular(tenant), "assetId", Long.toString(id)),
                        403,
                        "Requires helpdesk-administrator or technician permissions");
            }
            assertThat(itemIds(assets(""))).containsExactly(id);
        }
    }
}
