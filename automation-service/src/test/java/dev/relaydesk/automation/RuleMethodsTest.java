package dev.relaydesk.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/** The seed's {@code Rule/{id}}, {@code DisableRule/{id}} and {@code EnableRule/{id}}. */
class RuleMethodsTest extends AutomationTestSupport {

    final String tenant = newTenant();

    static final String RULE =
            """
            {"name": "Urgent <VIP> & co", "trigger": "ticket-created",
             "conditions": [{"field": "subject", "operator": "contains", "value": "urgent"}],
             "actions": [{"type": "set-priority", "priorityId": 2},
                         {"type": "assign", "mode": "round-robin"},
                         {"type": "add-tags", "tags": ["urgent", "vip"]}]}
            """;

    @Nested
    class Rule {

        @Test
        void returnsTheRuleAsAutomationRuleXml() {
            long id = createRule(tenant, RULE);
            String xml = body(get("Rule/" + id, admin(tenant))
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_XML));
            assertThat(xml)
                    .isEqualTo(
                            """
                            <?xml version="1.0" encoding="utf-16"?>
                            <AutomationRule xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
                            xmlns:xsd="http://www.w3.org/2001/XMLSchema">
                              <RuleID>%d</RuleID>
                              <Name>Urgent &lt;VIP&gt; &amp; co</Name>
                              <Enabled>true</Enabled>
                              <OrderBy>1</OrderBy>
                              <Trigger>ticket-created</Trigger>
                              <MatchAll>true</MatchAll>
                              <Conditions>
                                <RuleCondition>
                                  <Field>subject</Field>
                                  <Operator>contains</Operator>
                                  <Value>urgent</Value>
                                </RuleCondition>
                              </Conditions>
                              <Actions>
                                <RuleAction>
                                  <Type>set-priority</Type>
                                  <PriorityID>2</PriorityID>
                                </RuleAction>
                                <RuleAction>
                                  <Type>assign</Type>
                                  <Mode>round-robin</Mode>
                                </RuleAction>
                                <RuleAction>
                                  <Type>add-tags</Type>
                                  <Tags>
                                    <string>urgent</string>
                                    <string>vip</string>
                                  </Tags>
                                </RuleAction>
                              </Actions>
                            </AutomationRule>"""
                                    .formatted(id));
        }

        @Test
        void isWellFormedXmlAndAcceptsTheIdAsAParameterInAnyCase() throws Exception {
            long id = createRule(tenant, RULE);
            String xml = body(get("RULE?ID=" + id, admin(tenant)).expectStatus().isOk());
            Document doc = DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(new InputSource(new StringReader(xml)));
            assertThat(doc.getDocumentElement().getTagName()).isEqualTo("AutomationRule");
            assertThat(doc.getElementsByTagName("RuleID").item(0).getTextContent())
                    .isEqualTo(String.valueOf(id));
            assertThat(doc.getElementsByTagName("Conditions").getLength()).isEqualTo(1);
            assertThat(doc.getElementsByTagName("Actions").getLength()).isEqualTo(1);
        }

        @Test
        void missingOrMalformedIdIsA400() {
            assertError(get("Rule", admin(tenant)), 400, "Parameter 'id' is required");
            assertError(get("Rule/abc", admin(tenant)), 400, "Parameter 'id' must be an integer");
        }

        @Test
        void unknownOrOtherTenantsRuleIsA404() {
            long foreign = createRule(newTenant(), RULE);
            assertError(get("Rule/" + foreign, admin(tenant)), 404, "Rule " + foreign + " was not found");
            assertError(get("Rule/987654", admin(tenant)), 404, "Rule 987654 was not found");
        }

        @Test
        void onlyAdministratorsSeeRules() {
            long id = createRule(tenant, RULE);
            assertError(get("Rule/" + id, technician(tenant)), 403, "Requires helpdesk-administrator permissions");
            assertError(get("Rule/" + id, regular(tenant)), 403, "Requires helpdesk-administrator permissions");
        }
    }

    @Nested
    class DisableAndEnableRule {

        @Test
        void disablingStopsARuleFromFiringAndEnablingMakesItFireAgain() {
            long id = createRule(tenant, RULE);
            post("DisableRule/" + id, admin(tenant)).expectStatus().isOk();
            assertThat(body(get("Rule/" + id, admin(tenant)))).contains("<Enabled>false</Enabled>");
            created(tenant, ticket(5, "subject", "urgent one"));
            awaitTicketKnown(tenant, id, 5, "urgent one");
            assertThat(executionsOfTicket(tenant, 5)).isEmpty();

            get("EnableRule/" + id, admin(tenant)).expectStatus().isOk();
            assertThat(body(get("Rule/" + id, admin(tenant)))).contains("<Enabled>true</Enabled>");
            created(tenant, ticket(6, "subject", "urgent two"));
            assertThat(command(tenant, 6, TICKET_COMMAND).get("ruleId").longValue())
                    .isEqualTo(id);
        }

        @Test
        void acceptsTheIdAsAParameter() {
            long id = createRule(tenant, RULE);
            post("disablerule", admin(tenant), "id", String.valueOf(id))
                    .expectStatus()
                    .isOk();
            assertThat(getJson("/automation/rules/" + id, admin(tenant))
                            .get("enabled")
                            .booleanValue())
                    .isFalse();
            post("ENABLERULE", admin(tenant), "ID", String.valueOf(id))
                    .expectStatus()
                    .isOk();
            assertThat(getJson("/automation/rules/" + id, admin(tenant))
                            .get("enabled")
                            .booleanValue())
                    .isTrue();
        }

        @Test
        void missingIdIsA400UnknownOrOtherTenantsRuleA404() {
            long foreign = createRule(newTenant(), RULE);
            assertError(post("DisableRule", admin(tenant)), 400, "Parameter 'id' is required");
            assertError(post("EnableRule/x", admin(tenant)), 400, "Parameter 'id' must be an integer");
            assertError(post("DisableRule/" + foreign, admin(tenant)), 404, "Rule " + foreign + " was not found");
            assertError(post("EnableRule/" + foreign, admin(tenant)), 404, "Rule " + foreign + " was not found");
        }

        @Test
        void onlyAdministratorsDisableOrEnableRules() {
            long id = createRule(tenant, RULE);
            assertError(
                    post("DisableRule/" + id, technician(tenant)), 403, "Requires helpdesk-administrator permissions");
            assertError(post("EnableRule/" + id, regular(tenant)), 403, "Requires helpdesk-administrator permissions");
            assertThat(getJson("/automation/rules/" + id, admin(tenant))
                            .get("enabled")
                            .booleanValue())
                    .isTrue();
        }
    }
}
