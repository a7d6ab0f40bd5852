package org.trucewatch.support;

import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;

/**
 * Implemented by {@code @MicronautTest} classes (with {@code @TestInstance(PER_CLASS)}) to
 * run against the shared {@link TestDatabase}.
 */
public interface PostgisFixture extends TestPropertyProvider {
    @Override
    default Map<String, String> getProperties() {
        return TestDatabase.get().properties();
    }
}
