package org.trucewatch.gis;

import io.micronaut.context.BeanContext;
import io.micronaut.core.type.Argument;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the GIS reads go: the datasource named {@value #REPLICA} when one is configured (a hot
 * standby, or a proxy port that routes to one), else the service's own datasource. Every read
 * is a read-only transaction of its own there, so that a read never waits on, nor holds up,
 * the primary's writers (docs/architecture.md, "Reads from the standby").
 *
 * <p>A standby is behind the primary: what a GIS client reads may miss the last commits, by at
 * most the bound the deployment sets (docs/operations.md, "GIS reads from a standby"). Nothing
 * that decides what is stored reads through here.
 */
@Singleton
public class LayerDatabase {
    static final String REPLICA = "replica";
    private static final Logger LOG = LoggerFactory.getLogger(LayerDatabase.class);

    private final TransactionOperations<Connection> transactions;
    private final JdbcOperations jdbc;
    private final String name;

    @SuppressWarnings({"unchecked", "rawtypes"})
    LayerDatabase(BeanContext beans) {
        Argument<TransactionOperations<Connection>> tx = (Argument) Argument.of(TransactionOperations.class, Connection.class);
        var replicaJdbc = beans.findBean(JdbcOperations.class, Qualifiers.byName(REPLICA));
        var replicaTx = beans.findBean(tx, Qualifiers.byName(REPLICA));
        if (replicaJdbc.isPresent() && replicaTx.isPresent()) {
            this.jdbc = replicaJdbc.get();
            this.transactions = replicaTx.get();
            this.name = REPLICA;
        } else {
            this.jdbc = beans.getBean(JdbcOperations.class);
            this.transactions = beans.getBean(tx);
            this.name = "default";
        }
        LOG.info("GIS reads from datasource '{}'", name);
    }

    /** Runs {@code read} in a read-only transaction of its own on the GIS datasource. */
    public <T> T read(Function<JdbcOperations, T> read) {
        return transactions.executeRead(status -> read.apply(jdbc));
    }

    /** The datasource's name: {@value #REPLICA} or default. */
    String name() {
        return name;
    }
}
