package org.trucewatch.forms;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.trucewatch.access.Principal;
import org.trucewatch.access.Role;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.taxonomy.Taxonomy;

/**
 * The report forms: one per mechanism, generated from its current protocol and the
 * taxonomy, and offered to the users who may report for that mechanism (monitors and
 * chairs). A form is generated once per protocol version.
 */
@Singleton
class FormCatalogue {
    private final MechanismService mechanisms;
    private final Taxonomy taxonomy;
    private final Map<String, Form> cache = new ConcurrentHashMap<>();

    FormCatalogue(MechanismService mechanisms, Taxonomy taxonomy) {
        this.mechanisms = mechanisms;
        this.taxonomy = taxonomy;
    }

    /** One generated form; {@code hash} is "md5:" and the hex MD5 of the XML, as the Form List API asks. */
    record Form(String formId, String mechanism, String name, String version, String xml, String hash) {
    }

    List<Form> formsFor(Principal user) {
        Set<String> allowed = user.mechanismsAs(Role.MONITOR, Role.CHAIR);
        return mechanisms.all().stream().filter(p -> allowed.contains(p.code())).map(this::form)
                .sorted(Comparator.comparing(Form::formId)).toList();
    }

    Optional<Form> form(Principal user, String formId) {
        return formsFor(user).stream().filter(f -> f.formId().equals(formId)).findFirst();
    }

    private Form form(MechanismProtocol protocol) {
        String version = XFormBuilder.version(protocol, taxonomy);
        return cache.compute(protocol.code(), (code, cached) -> cached != null && cached.version().equals(version)
                ? cached : generate(protocol, version));
    }

    private Form generate(MechanismProtocol protocol, String version) {
        String xml = XFormBuilder.build(protocol, taxonomy);
        return new Form(XFormBuilder.formId(protocol.code()), protocol.code(),
                "TruceWatch report: " + protocol.name().getOrDefault("en", protocol.code()), version, xml,
                "md5:" + md5(xml));
    }

    private static String md5(String xml) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
