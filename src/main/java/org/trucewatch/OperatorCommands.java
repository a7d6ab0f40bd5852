package org.trucewatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.trucewatch.operations.DemoVolume;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.Grant;
import org.trucewatch.audit.AuditSealer;
import org.trucewatch.audit.AuditVerifier;
import org.trucewatch.audit.ChainVerification;
import org.trucewatch.problem.ProblemException;

/**
 * Operator commands, run against the same database and configuration as the service
 * (without its HTTP server):
 * <pre>
 *   java -jar trucewatch.jar users add NAME --role admin          (password from TRUCEWATCH_NEW_PASSWORD or stdin)
 *   java -jar trucewatch.jar users add NAME --role chair --mechanism colombia-mmv --level national
 *   java -jar trucewatch.jar audit verify                          (exit 0 intact, 1 broken, 3 sealing overdue)
 *   java -jar trucewatch.jar demo generate --incidents 5000        (a demo at volume; docs/operations.md)
 * </pre>
 * {@code audit verify} first seals what is committed and unsealed (what a running service
 * does within a second; it waits up to 5 s for a sealer at work elsewhere), so that it also
 * covers the events of a service stopped before their seal; exit 3 means the chain is intact
 * but rows older than the alarm bound could not be sealed (another session holds the
 * sealer's lock).
 */
final class OperatorCommands {
    private OperatorCommands() {
    }

    static int run(String[] args, Map<String, Object> properties) {
        String command = String.join(" ", args.length > 1 ? new String[] {args[0], args[1]} : args);
        try (ApplicationContext context = ApplicationContext.builder().properties(properties).start()) {
            ObjectMapper json = context.getBean(ObjectMapper.class);
            switch (command) {
                case "users add" -> {
                    Map<String, String> options = options(args, 3);
                    if (args.length < 3) {
                        return usage();
                    }
                    AccessService access = context.getBean(AccessService.class);
                    access.createUser("system:cli", new AccessService.CreateUserCommand(args[2],
                            options.get("display-name"), password()));
                    if (options.containsKey("role")) {
                        access.grant("system:cli", args[2], new Grant(null, options.get("role"), options.get("mechanism"),
                                options.get("level"), options.get("team"), options.get("party")));
                    }
                    System.out.println(json.writeValueAsString(access.view(args[2])));
                    return 0;
                }
                case "audit verify" -> {
                    context.getBean(AuditSealer.class).sealCommitted(Duration.ofSeconds(5));
                    ChainVerification result = context.getBean(AuditVerifier.class).verify();
                    System.out.println(json.writeValueAsString(result));
                    return !result.intact() ? 1 : result.sealingOverdue() ? 3 : 0;
                }
                case "demo generate" -> {
                    Map<String, String> options = options(args, 2);
                    int target = Integer.parseInt(options.getOrDefault("incidents", "5000"));
                    long seed = Long.parseLong(options.getOrDefault("seed", "1"));
                    List<Path> files = List.of(Path.of(options.getOrDefault("zones-dir", "sample-geodata"), "south-lebanon.geojson"),
                            Path.of(options.getOrDefault("zones-dir", "sample-geodata"), "colombia-mmv.geojson"));
                    DemoVolume.Outcome outcome = context.getBean(DemoVolume.class).generate(target, seed, files, System.err);
                    System.out.println(json.writeValueAsString(outcome));
                    return 0;
                }
                default -> {
                    return usage();
                }
            }
        } catch (ProblemException e) {
            System.err.println(e.type().slug() + ": " + e.getMessage());
            e.errors().forEach(f -> System.err.println("  " + f.pointer() + ": " + f.detail()));
            return 2;
        } catch (Exception e) {
            System.err.println("failed: " + e);
            return 2;
        }
    }

    private static Map<String, String> options(String[] args, int from) {
        Map<String, String> options = new HashMap<>();
        for (int i = from; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    private static String password() throws java.io.IOException {
        String fromEnv = System.getenv("TRUCEWATCH_NEW_PASSWORD");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        System.err.print("password: ");
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? "" : line;
    }

    private static int usage() {
        System.err.println("usage: users add NAME [--role R --mechanism M --level L --team T --party P --display-name D]"
                + " | audit verify | demo generate [--incidents 5000 --seed 1 --zones-dir sample-geodata]");
        return 2;
    }
}
