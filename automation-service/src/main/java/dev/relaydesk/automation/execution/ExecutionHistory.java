package dev.relaydesk.automation.execution;

import dev.relaydesk.automation.rule.Access;
import dev.relaydesk.automation.rule.Rules;
import dev.relaydesk.automation.ticket.TicketSnapshots;
import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** The recorded executions of a rule or on a ticket (administrators only). */
@Service
public class ExecutionHistory {

    private final TransactionalOperator tx;
    private final Executions executions;
    private final Rules rules;
    private final TicketSnapshots tickets;

    public ExecutionHistory(TransactionalOperator tx, Executions executions, Rules rules, TicketSnapshots tickets) {
        this.tx = tx;
        this.executions = executions;
        this.rules = rules;
        this.tickets = tickets;
    }

    public Mono<List<Execution>> ofRule(Caller caller, long ruleId) {
        Mono<List<Execution>> list = rules.find(ruleId)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Rule", ruleId)))
                .then(executions.ofRule(ruleId).collectList());
        return Access.asAdministrator(caller, tx.transactional(list));
    }

    /** A ticket automation has never heard of, and never ran a rule on, is not found. */
    public Mono<List<Execution>> ofTicket(Caller caller, long ticketId) {
        Mono<List<Execution>> list = tickets.find(ticketId)
                .hasElement()
                .zipWith(executions.anyForTicket(ticketId), Boolean::logicalOr)
                .flatMap(known -> known
                        ? executions.ofTicket(ticketId).collectList()
                        : Mono.error(ApiException.notFound("Ticket", ticketId)));
        return Access.asAdministrator(caller, tx.transactional(list));
    }
}
