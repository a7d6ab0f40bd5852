package org.trucewatch.access;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestExecutorAuthenticationProvider;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.trucewatch.audit.AuditLog;
import org.trucewatch.audit.AuditRecord;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/**
 * Checks a username and password against the local users (for {@code POST /login} and for
 * Basic authentication on device paths). Failures are rate-limited per client address
 * ({@link LoginRateLimiter}) and audited as {@code login.fail} with that address; the answer
 * never says whether the name or the password was wrong. Bearer tokens never come here, so
 * the limiter cannot refuse a token already issued.
 */
@Singleton
class LocalUserAuthenticationProvider<B> implements HttpRequestExecutorAuthenticationProvider<B> {
    private static final String USERNAME = "[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}";
    // Providers, not instances: the security module looks this bean up while the JDBC beans
    // are still being built (through the executor it runs on), which would be a cycle.
    private final Provider<UserRepository> users;
    private final Provider<GrantRepository> grants;
    private final PasswordHashing passwords;
    private final LoginRateLimiter limiter;
    private final ClientAddress clientAddress;
    private final Provider<AuditLog> audit;

    LocalUserAuthenticationProvider(Provider<UserRepository> users, Provider<GrantRepository> grants,
                                    PasswordHashing passwords, LoginRateLimiter limiter, ClientAddress clientAddress,
                                    Provider<AuditLog> audit) {
        this.users = users;
        this.grants = grants;
        this.passwords = passwords;
        this.limiter = limiter;
        this.clientAddress = clientAddress;
        this.audit = audit;
    }

    @Override
    public String getExecutorName() {
        return TaskExecutors.BLOCKING;
    }

    @Override
    public AuthenticationResponse authenticate(@Nullable HttpRequest<B> request,
                                               AuthenticationRequest<String, String> credentials) {
        String username = String.valueOf(credentials.getIdentity());
        if (!username.matches(USERNAME)) {
            // Not a name anyone can hold: refuse without a lookup, and keep junk out of the audit log.
            username = "invalid-name";
        }
        String address = request == null ? "local" : clientAddress.of(request);
        Duration wait = limiter.admit(username, address);
        if (!wait.isZero()) {
            // Rounded up, so that a client retrying on time is not refused again.
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            throw new ProblemException(ProblemType.TOO_MANY_REQUESTS,
                    "Too many failed sign-ins from this address; retry in " + seconds + " s").retryAfter(seconds);
        }
        // From here the attempt counts as a failure (LoginRateLimiter.admit) unless it succeeds.
        Optional<AppUser> user;
        try {
            user = users.get().findByUsername(username);
        } catch (RuntimeException e) {
            limiter.abandoned(username, address); // no password was checked: not a failed guess
            throw e;
        }
        String hash = user.filter(AppUser::enabled).map(AppUser::passwordHash).orElse(null);
        if (!passwords.verify(String.valueOf(credentials.getSecret()), hash)) {
            // The address is an IP literal (ClientAddress), so it needs no JSON escaping.
            audit.get().append(AuditRecord.of(username, "login.fail", "user", username)
                    .withDetails("{\"address\":\"" + address + "\"}"));
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
        limiter.succeeded(username, address);
        List<String> roles = grants.get().grantsOf(username).stream().map(Grant::role).distinct().toList();
        return AuthenticationResponse.success(username, roles);
    }
}
