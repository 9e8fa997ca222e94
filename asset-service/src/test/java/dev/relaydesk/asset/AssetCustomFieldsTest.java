package dev.relaydesk.asset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code CustomFields?type=2}, {@code CreateCustomField} with {@code type=2}, and {@code SetCustomFieldForAsset}. */
class AssetCustomFieldsTest extends AssetTestSupport {

    long field(String name, String fieldType, String... more) {
        String[] pairs = new String[6 + more.length];
        pairs[0] = "type";
        pairs[1] = "2";
        pairs[2] = "name";
        pairs[3] = name;
        pairs[4] = "fieldType";
        pairs[5] = fieldType;
        System.arraycopy(more, 0, pairs, 6, more.length);
        return Long.parseLong(body(
                post("CreateCustomField", admin(tenant), pairs).expectStatus().isOk()));
    }

    void set(long asset, long field, String value) {
        post(
                        "SetCustomFieldForAsset",
                        technician(tenant),
                        "id",
                        Long.toString(asset),
                        "fieldId",
                        Long.toString(field),
                        "value",
                        value)
                .expectStatus()
                .isOk();
    }

    @Test
    void fieldsAreDefinedListedWithUserServicesShapeAndInvisibleToOtherTenants() {
        long warranty = field("Warranty until", "2", "mandatory", "true");
        long color = field("Color", "3", "options", "Silver; Space Grey");
        String definitions = body(
                get("CustomFields?type=2", technician(tenant)).expectStatus().isOk());
        assertThat(fieldNames(definitions.substring(0, definitions.indexOf('}') + 1)))
                .containsExactly(
                        "FieldName",
                        "FieldID",
                        "Type",
                        "UsageType",
                        "Mandatory",
                        "OrderByNumber",
                        "SelectionComboOptions");
        assertThat(definitions)
                .startsWith("[{\"FieldName\":\"Warranty until\",\"FieldID\":" + warranty
                        + ",\"Type\":2,\"UsageType\":2,\"Mandatory\":true,\"OrderByNumber\":1,"
                        + "\"SelectionComboOptions\":null},{\"FieldName\":\"Color\",\"FieldID\":" + color
                        + ",\"Type\":3,\"UsageType\":2,\"Mandatory\":false,\"OrderByNumber\":2,"
                        + "\"SelectionComboOptions\":[{\"OptionID\":")
                .contains("\"Name\":\"Silver\"}", "\"Name\":\"Space Grey\"}]}]");
        assertThat(body(get("CustomFields?type=2", admin(newTenant()))
                        .expectStatus()
                        .isOk()))
                .isEqualTo("[]");
    }

    @Test
    void valuesAreSetShownInTheAssetsFieldsAndPublished() {
        long warranty = field("Warranty until", "2");
        long color = field("Color", "3", "options", "Silver;Space Grey");
        long leased = field("Leased", "4");
        long notes = field("Notes", "5");
        String definitions = body(get("CustomFields?type=2", technician(tenant)));
        String grey = definitions.replaceAll("(?s).*\"OptionID\":(\\d+),\"Name\":\"Space Grey\".*", "$1");
        long asset = createAsset();
        set(asset, warranty, "12/31/2027");
        set(asset, color, grey);
        set(asset, leased, "TRUE");
        String json = asset(asset);
        assertThat(json)
                .contains("\"Fields\":[{\"FieldName\":\"Warranty until\",\"FieldID\":" + warranty
                        + ",\"Type\":2,\"Value\":\"2027-12-31\"},{\"FieldName\":\"Color\",\"FieldID\":" + color
                        + ",\"Type\":3,\"Value\":\"Space Grey\"},{\"FieldName\":\"Leased\",\"FieldID\":" + leased
                        + ",\"Type\":4,\"Value\":\"true\"},{\"FieldName\":\"Notes\",\"FieldID\":" + notes
                        + ",\"Type\":5,\"Value\":null}],");
        assertThat(assets(""))
                .contains("{\"FieldName\":\"Color\",\"FieldID\":" + color + ",\"Type\":3,\"Value\":\"Space Grey\"}");
        assertThat(event(ASSETS, tenant, asset, "relaydesk.asset.custom-field-set.v1", "\"fieldId\":" + color))
                .contains("\"assetId\":" + asset, "\"value\":\"" + grey + "\"", "\"actorUserId\":900000002");
        set(asset, leased, "");
        assertThat(asset(asset)).contains("\"FieldID\":" + leased + ",\"Type\":4,\"Value\":null}");
        assertThat(event(
                        ASSETS,
                        tenant,
                        asset,
                        "relaydesk.asset.custom-field-set.v1",
                        "\"fieldId\":" + leased,
                        "\"value\":null"))
                .contains("\"assetId\":" + asset);
    }

    @Test
    void badValuesUnknownIdsAndMissingParametersAreNamed() {
        long leased = field("Leased", "4");
        long asset = createAsset();
        String id = Long.toString(asset);
        String field = Long.toString(leased);
        assertError(
                post("SetCustomFieldForAsset", admin(tenant), "id", id, "fieldId", field, "value", "perhaps"),
                400,
                "Parameter 'value' must be true or false for a checkbox");
        assertError(
                post("SetCustomFieldForAsset", admin(tenant), "id", id, "fieldId", field),
                400,
                "Parameter 'value' is required");
        assertError(
                post("SetCustomFieldForAsset", admin(tenant), "id", id, "value", "true"),
                400,
                "Parameter 'fieldId' is required");
        assertError(
                post("SetCustomFieldForAsset", admin(tenant), "fieldId", field, "value", "true"),
                400,
                "Parameter 'id' is required");
        assertError(
                post("SetCustomFieldForAsset", admin(tenant), "id", id, "fieldId", "999999999", "value", "true"),
                404,
                "Custom field 999999999 was not found");
        assertError(
                post("SetCustomFieldForAsset", admin(tenant), "id", "999999999", "fieldId", field, "value", "true"),
                404,
                "Asset 999999999 was not found");
        assertError(
                get("CustomFields?type=3", admin(tenant)),
                400,
                "Parameter 'type' must be 2 (assets); 1 belongs to tickets, 3 and 4 to users and companies");
        assertError(get("CustomFields", admin(tenant)), 400, "Parameter 'type' is required");
        assertError(
                post("CreateCustomField", admin(tenant), "type", "2", "fieldType", "1"),
                400,
                "Parameter 'name' is required");
        assertError(
                post("CreateCustomField", admin(tenant), "type", "2", "name", "X", "fieldType", "9"),
                400,
                "Parameter 'fieldType' must be 1, 2, 3, 4 or 5");
        assertError(
                post("CreateCustomField", admin(tenant), "type", "2", "name", "X", "fieldType", "3"),
                400,
                "Parameter 'options' is required");
    }

    @Test
    void regularUsersAndOtherTenantsAreRefusedAndOnlyAdministratorsDefineFields() {
        long leased = field("Leased", "4");
        long asset = createAsset();
        assertError(
                post(
                        "SetCustomFieldForAsset",
                        regular(tenant),
                        "id",
                        Long.toString(asset),
                        "fieldId",
                        Long.toString(leased),
                        "value",
                        "true"),
                403,
                "Requires helpdesk-administrator or technician permissions");
        assertError(
                post(
                        "SetCustomFieldForAsset",
                        admin(newTenant()),
                        "id",
                        Long.toString(asset),
                        "fieldId",
                        Long.toString(leased),
                        "value",
                        "true"),
                404,
                "Asset " + asset + " was not found");
        assertError(
                get("CustomFields?type=2", regular(tenant)),
                403,
                "Requires helpdesk-administrator or technician permissions");
        assertError(
                post("CreateCustomField", technician(tenant), "type", "2", "name", "X", "fieldType", "1"),
                403,
                "Requires helpdesk-administrator permissions");
        assertThat(asset(asset)).contains("\"Value\":null");
    }
}
