package org.trucewatch.markup;

/**
 * The one escaping rule of the HTML the service writes itself (the printable agenda, the OGC
 * API's HTML pages): every value, in text or in a double- or single-quoted attribute, has the
 * five characters that could end it or start markup escaped as character references (HTML
 * Living Standard, "Character references"). No template engine or maintained HTML escaper is
 * on the classpath (docs/architecture.md, "What was written by hand").
 */
public final class Html {
    private Html() {
    }

    /** The text with {@code & < > " '} as character references; null is written as nothing. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
