package org.trucewatch.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;

/** Service instances of their own (application contexts) on the shared test database, for tests of several instances. */
public final class ServiceInstances {
    private ServiceInstances() {
    }

    /** A started context; {@code server}: with its HTTP server listening on a free port. */
    public static ApplicationContext start(boolean server) {
        return start(server, Map.of());
    }

    /** The same with {@code properties} set (over the test environment's). */
    public static ApplicationContext start(boolean server, Map<String, Object> properties) {
        Map<String, Object> p = new HashMap<>(TestDatabase.get().properties());
        p.putAll(properties);
        p.put("micronaut.security.token.jwt.signatures.secret.generator.secret", "x".repeat(64));
        p.put("micronaut.server.port", -1);
        ApplicationContext context = ApplicationContext.builder().environments("test").properties(p).start();
        if (server) {
            context.getBean(EmbeddedServer.class).start();
        }
        return context;
    }
}
