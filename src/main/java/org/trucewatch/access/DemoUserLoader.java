package org.trucewatch.access;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Order;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo users listed in README.md, created in demo mode only (the embedded default).
 * Nowhere else does the service start with a known password.
 */
@Singleton
@Requires(property = "trucewatch.demo.enabled", value = "true")
class DemoUserLoader {
    static final String RESOURCE = "demo/users.json";
    private static final Logger LOG = LoggerFactory.getLogger(DemoUserLoader.class);

    /** One demo user as listed in the resource. */
    record DemoUser(String username, String password, String displayName, List<Grant> grants) {
    }

    private final AccessService access;
    private final ObjectMapper mapper;

    DemoUserLoader(AccessService access, ObjectMapper mapper) {
        this.access = access;
        this.mapper = mapper;
    }

    @EventListener
    @Order(-10)
    void load(StartupEvent event) throws IOException {
        int created = 0;
        for (DemoUser user : users(mapper)) {
            if (access.list().stream().anyMatch(u -> u.username().equals(user.username()))) {
                continue;
            }
            access.createUser("system:demo", new AccessService.CreateUserCommand(user.username(), user.displayName(),
                    user.password()));
            for (Grant grant : user.grants()) {
                access.grant("system:demo", user.username(), grant);
            }
            created++;
        }
        LOG.info("demo users: {} new (see README.md for their passwords)", created);
    }

    static List<DemoUser> users(ObjectMapper mapper) throws IOException {
        try (InputStream in = DemoUserLoader.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            return mapper.readValue(in, new TypeReference<>() { });
        }
    }
}
