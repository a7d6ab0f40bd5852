package org.trucewatch.problem;

/** Builds RFC 6901 JSON pointers for error reports, escaping {@code ~} and {@code /} in names. */
public final class JsonPointer {
    private JsonPointer() {
    }

    public static String child(String parent, String name) {
        return parent + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    public static String child(String parent, int index) {
        return parent + "/" + index;
    }
}
