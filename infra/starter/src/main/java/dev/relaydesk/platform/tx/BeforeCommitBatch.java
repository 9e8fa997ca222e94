package dev.relaydesk.platform.tx;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/**
 * Rows a transaction adds one by one and writes with one statement just before it commits
 * ({@link TransactionSynchronization#beforeCommit}, still inside the transaction), in the order they were added. A
 * consumer that applies a hundred events in one transaction then writes, say, its hundred outbox rows with one round
 * trip instead of a hundred. If the write fails the transaction rolls back with everything else it did; nothing is
 * written when it rolls back for another reason.
 *
 * <p>Rows are not visible to the transaction's own queries before the commit, so use it only for rows nothing reads
 * back in the same transaction (events, audit and execution records).
 *
 * @param <T> one row
 */
public final class BeforeCommitBatch<T> {

    private final String name;
    private final Function<List<T>, Mono<Void>> write;
    private final Runnable afterCommit;

    /**
     * @param name what the rows are, for the error outside a transaction
     * @param write writes the rows, in order, in the current transaction (one statement, e.g. over {@code unnest})
     * @param afterCommit runs after a transaction that added rows has committed
     */
    public BeforeCommitBatch(String name, Function<List<T>, Mono<Void>> write, Runnable afterCommit) {
        this.name = name;
        this.write = write;
        this.afterCommit = afterCommit;
    }

    public BeforeCommitBatch(String name, Function<List<T>, Mono<Void>> write) {
        this(name, write, () -> {});
    }

    /** Adds a row to the current transaction; fails outside a transaction. */
    public Mono<Void> add(T row) {
        return current().doOnNext(rows -> rows.add(row)).then();
    }

    /** Adds the row {@code row} emits (made only once the transaction is known to be there); fails outside one. */
    public Mono<Void> add(Mono<T> row) {
        return current().flatMap(rows -> row.doOnNext(rows::add)).then();
    }

    /** The current transaction's rows, bound to it on first use; an error outside a transaction. */
    private Mono<Rows> current() {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .filter(TransactionSynchronizationManager::isActualTransactionActive)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException(name + " needs an active transaction")))
                .map(tx -> {
                    @SuppressWarnings("unchecked")
                    Rows rows = (Rows) tx.getResource(this);
                    if (rows != null && !tx.getSynchronizations().contains(rows)) {
                        // bound by a transaction suspended for this one (requires-new): this one gets its own
                        tx.unbindResource(this);
                        rows = null;
                    }
                    if (rows == null) {
                        rows = new Rows(tx);
                        tx.bindResource(this, rows);
                        tx.registerSynchronization(rows);
                    }
                    return rows;
                });
    }

    private final class Rows implements TransactionSynchronization {

        private final TransactionSynchronizationManager tx;
        private final List<T> rows = new ArrayList<>();

        Rows(TransactionSynchronizationManager tx) {
            this.tx = tx;
        }

        synchronized void add(T row) {
            rows.add(row);
        }

        @Override
        public Mono<Void> beforeCommit(boolean readOnly) {
            List<T> batch;
            synchronized (this) {
                batch = List.copyOf(rows);
                rows.clear();
            }
            return batch.isEmpty() ? Mono.empty() : write.apply(batch);
        }

        @Override
        public Mono<Void> afterCommit() {
            return Mono.fromRunnable(afterCommit);
        }

        @Override
        public Mono<Void> afterCompletion(int status) {
            return Mono.fromRunnable(() -> tx.unbindResourceIfPossible(BeforeCommitBatch.this));
        }
    }
}
