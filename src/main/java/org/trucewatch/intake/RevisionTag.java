package org.trucewatch.intake;

import io.micronaut.core.annotation.Nullable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/**
 * The entity tag of a report names its revision ({@code "rev-3"}, a strong tag: RFC 9110
 * §13.1.1 has If-Match compare strongly). A correction must name the revision it was made
 * from; the lost-update check itself is the service's (409 when it is not current).
 */
final class RevisionTag {
    private static final Pattern TAG = Pattern.compile("\\s*\"rev-([1-9][0-9]{0,8})\"\\s*");

    private RevisionTag() {
    }

    static String of(Report report) {
        return "\"rev-" + report.revision() + "\"";
    }

    /**
     * The revision an If-Match names: 428 when it is missing or {@code *} (which would skip the
     * check); 0, which is never current, for a tag that is not one of ours (a weak one, a list).
     */
    static int revisionOf(@Nullable String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(ProblemType.PRECONDITION_REQUIRED,
                    "Send If-Match with the ETag of the revision the correction was made from (GET the report)");
        }
        if (ifMatch.trim().equals("*")) {
            throw new ProblemException(ProblemType.PRECONDITION_REQUIRED,
                    "If-Match: * would let a correction of an older revision through; send the report's ETag");
        }
        Matcher m = TAG.matcher(ifMatch);
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }
}
