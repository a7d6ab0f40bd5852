package org.trucewatch.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.trucewatch.audit.AuditLog;
import org.trucewatch.audit.AuditRecord;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/** Users and their grants: who the caller is, and the admin's changes to who may do what. */
@Singleton
public class AccessService {
    private final UserRepository users;
    private final GrantRepository grants;
    private final PasswordHashing passwords;
    private final AuditLog audit;
    private final Clock clock;
    private final ObjectMapper json;
    private final jakarta.inject.Provider<AccessPolicy> policy;

    AccessService(UserRepository users, GrantRepository grants, PasswordHashing passwords, AuditLog audit, Clock clock,
                  ObjectMapper json, jakarta.inject.Provider<AccessPolicy> policy) {
        this.grants = grants;
        this.policy = policy;
        this.json = json;
        this.users = users;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The caller with the grants the database holds now; a token outliving a revoked grant confers
     * nothing. One autocommitted query, no transaction around it: it runs on every request.
     */
    public Principal principal(Authentication authentication) {
        return new Principal(authentication.getName(), grants.grantsOf(authentication.getName()));
    }

    public void requireAdmin(Principal principal) {
        if (!principal.isAdmin()) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Only an admin may do this");
        }
    }

    /** A user view for the admin API: never the password hash. */
    public record UserView(String username, String displayName, boolean enabled, List<Grant> grants) {
    }

    /** Input of {@code POST /api/v1/admin/users}. */
    public record CreateUserCommand(String username, String displayName, String password) {
    }

    @Transactional
    public UserView createUser(String actor, CreateUserCommand command) {
        if (command.password() == null || command.password().length() < PasswordHashing.MIN_LENGTH) {
            throw invalid("/password", "must be at least " + PasswordHashing.MIN_LENGTH + " characters");
        }
        if (command.username() == null || !command.username().matches("[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}")) {
            throw invalid("/username", "must be 2 to 64 letters, digits, '_', '.', '@' or '-'");
        }
        if (users.insertIfAbsent(UUID.randomUUID(), command.username(), command.displayName(),
                passwords.hash(command.password()), clock.instant()) != 1) {
            throw new ProblemException(ProblemType.CONFLICT, "User " + command.username() + " exists");
        }
        audit.append(AuditRecord.of(actor, "user.create", "user", command.username()));
        return view(command.username());
    }

    @Transactional
    public UserView grant(String actor, String username, Grant grant) {
        AppUser user = user(username);
        Grant checked = checkGrant(grant);
        if (grants.insert(user.id(), checked, clock.instant())) {
            audit.append(AuditRecord.of(actor, "user.grant", "user", username)
                    .withDetails(grantJson(checked)));
        }
        return view(username);
    }

    @Transactional
    public UserView revoke(String actor, String username, UUID grantId) {
        AppUser user = user(username);
        if (grants.deleteByIdAndUserId(grantId, user.id()) != 1) {
            throw ProblemException.notFound("User " + username + " holds no grant " + grantId);
        }
        audit.append(AuditRecord.of(actor, "user.revoke", "user", username).withDetails(grantJson(
                new Grant(grantId, null, null, null, null, null))));
        return view(username);
    }

    @Transactional(readOnly = true)
    public List<UserView> list() {
        return users.listOrderByUsername().stream().map(u -> new UserView(u.username(), u.displayName(), u.enabled(),
                grants.grantsOf(u.username()))).toList();
    }

    @Transactional(readOnly = true)
    public UserView view(String username) {
        AppUser u = user(username);
        return new UserView(u.username(), u.displayName(), u.enabled(), grants.grantsOf(username));
    }

    /** A user holding a role in a mechanism, where (level, team) they hold it. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Member(String username, String displayName, String level, String team) {
    }

    /** The chair's staff of a mechanism: every enabled user who chairs it, at any level. */
    @Transactional(readOnly = true)
    public List<Member> chairsOf(String mechanism) {
        return grants.members(Role.CHAIR.code(), mechanism);
    }

    /**
     * The chair's staff whose grant covers a queue at {@code level} and {@code team}: whom an
     * incident there can be assigned to. Decided from the grants {@link #chairsOf} read, in one query.
     */
    @Transactional(readOnly = true)
    public List<Member> chairsWorking(String mechanism, String level, String team) {
        AccessPolicy rules = policy.get();
        return chairsOf(mechanism).stream().filter(m -> rules.scope(new Principal(m.username(), List.of(
                new Grant(null, Role.CHAIR.code(), mechanism, m.level(), m.team(), null)))).mayWork(mechanism, level, team))
                .toList();
    }

    /** Whether {@code username} is an enabled user whose chair grant covers an incident at this level and team. */
    @Transactional(readOnly = true)
    public boolean mayWork(String username, String mechanism, String level, String team) {
        return users.findByUsername(username).filter(AppUser::enabled).isPresent()
                && policy.get().scope(new Principal(username, grants.grantsOf(username))).mayWork(mechanism, level, team);
    }

    private AppUser user(String username) {
        return users.findByUsername(username).orElseThrow(() -> ProblemException.notFound("No user " + username));
    }

    private static Grant checkGrant(Grant g) {
        Role role = Role.of(g.role()).orElseThrow(() -> invalid("/role", "must be one of monitor, chair, "
                + "party_delegate, gis_analyst, admin"));
        if (role == Role.ADMIN && g.mechanism() != null) {
            throw invalid("/mechanism", "an admin grant has no mechanism");
        }
        if (role != Role.ADMIN && (g.mechanism() == null || !g.mechanism().matches("[a-z0-9][a-z0-9-]{0,63}"))) {
            throw invalid("/mechanism", "is required: a mechanism code");
        }
        if ((role == Role.PARTY_DELEGATE) != (g.party() != null)) {
            throw invalid("/party", role == Role.PARTY_DELEGATE ? "is required for a party delegate"
                    : "only a party delegate has a party");
        }
        return new Grant(UUID.randomUUID(), role.code(), g.mechanism(), g.level(), g.team(), g.party());
    }

    private String grantJson(Grant g) {
        try {
            return json.writeValueAsString(g);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProblemException invalid(String pointer, String detail) {
        return new ProblemException(ProblemType.INVALID_INPUT, pointer + ": " + detail, List.of(FieldError.at(pointer, detail)));
    }
}
