package dev.relaydesk.platform.tenancy;

import dev.relaydesk.contract.TenantId;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one place where tenancy is applied: every transaction first sets {@code app.tenant_id} (transaction-local, so a
 * pooled connection never carries a previous caller's tenant). Row-level security policies on every tenant table
 * filter reads and check writes against it; a transaction without a tenant sees no tenant rows at all.
 */
public class TenantScopedTransactionManager extends R2dbcTransactionManager {

    static final String SET_TENANT = "select set_config('app.tenant_id', $1, true)";

    public TenantScopedTransactionManager(ConnectionFactory connectionFactory) {
        super(connectionFactory);
    }

    @Override
    protected Mono<Void> prepareTransactionalConnection(Connection con, TransactionDefinition definition) {
        return super.prepareTransactionalConnection(con, definition)
                .then(Tenancy.current().map(TenantId::value).defaultIfEmpty(""))
                .flatMap(tenant -> Flux.from(
                                con.createStatement(SET_TENANT).bind(0, tenant).execute())
                        .concatMap(result -> result.map((row, meta) -> 1))
                        .then());
    }
}
