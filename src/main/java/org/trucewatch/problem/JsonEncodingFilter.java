package org.trucewatch.problem;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ConditionalFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.micronaut.http.filter.ServerFilterPhase;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;

/**
 * Refuses, before any route reads it, a JSON body that is not UTF-8: RFC 8259 §8.1 says JSON
 * exchanged between systems MUST be UTF-8, and a lenient decoder turns each bad byte into
 * U+FFFD, so a witness's text would be stored altered without anyone knowing. One strict
 * decoder ({@link CodingErrorAction#REPORT}) here covers every JSON route (reports,
 * protocols, zone files, incidents, users, login) whatever type its body binds to. A
 * declared charset other than UTF-8 is refused as well (415), since the framework would
 * decode by it. Only requests with a JSON content type wait for their body here; OpenRosa
 * XML is decoded by its XML parser, which refuses bytes its encoding does not allow.
 */
@ServerFilter(patterns = JsonEncodingFilter.ALL_BUT_FILE_UPLOADS, patternStyle = FilterPatternStyle.REGEX)
class JsonEncodingFilter implements Ordered, ConditionalFilter {
    /**
     * Every path but a file's PUT to a report, whose body is never JSON: binding this method's
     * {@code @Body} would hold the whole file in memory (and refuse one over
     * {@code micronaut.server.max-request-buffer-size}) whenever Micronaut runs the method
     * despite isEnabled (below), and the route streams it instead.
     */
    static final String ALL_BUT_FILE_UPLOADS = "^(?!/api/v1/reports/[^/]+/attachments/[^/]+$).*";

    @Override
    public boolean isEnabled(HttpRequest<?> request) {
        return request.getContentType().filter(JsonEncodingFilter::isJson).isPresent();
    }

    @RequestFilter
    void refuseOtherThanUtf8(HttpRequest<?> request, @Body @Nullable byte[] body) {
        // Asked again here: when a pre-matching filter is active (CORS, for a request carrying an
        // Origin header: every browser's POST and PUT), Micronaut 4.10's FilterRunner runs the
        // route's filters without asking isEnabled, so a photo a browser PUT was refused as "not
        // UTF-8". A body that is not JSON is not this filter's to judge.
        if (!isEnabled(request)) {
            return;
        }
        String charset = request.getContentType().map(t -> t.getParameters().get("charset").orElse(null)).orElse(null);
        if (charset != null && !isUtf8(charset)) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "JSON is UTF-8 (RFC 8259 §8.1); charset=" + charset + " is not accepted");
        }
        if (body != null) {
            String fault = firstFault(body);
            if (fault != null) {
                throw new ProblemException(ProblemType.MALFORMED_JSON, "The request body is not UTF-8: " + fault,
                        List.of(FieldError.at("", "not UTF-8 (RFC 8259 §8.1): " + fault)));
            }
        }
    }

    static boolean isJson(MediaType type) {
        return type.getSubtype().equalsIgnoreCase("json") || type.getSubtype().toLowerCase().endsWith("+json");
    }

    private static boolean isUtf8(String charset) {
        try {
            return Charset.forName(charset.replace("\"", "").strip()).equals(StandardCharsets.UTF_8);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return false;
        }
    }

    /** Where the bytes stop being UTF-8, or null when they are UTF-8 throughout. */
    static String firstFault(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        CoderResult result;
        do {
            out.clear();
            result = decoder.decode(in, out, true);
        } while (result.isOverflow());
        // With endOfInput, a sequence cut short at the end is an error too, not an underflow.
        if (!result.isError()) {
            return null;
        }
        return String.format("the byte sequence at offset %d (first byte 0x%02X) is not valid UTF-8", in.position(),
                bytes[in.position()] & 0xff);
    }

    /** Right after authentication, as {@link UnstorableInputFilter}: anonymous callers still get 401. */
    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after() + 2;
    }
}
