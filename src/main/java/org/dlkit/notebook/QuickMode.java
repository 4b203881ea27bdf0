package org.dlkit.notebook;

/**
 * Quick mode shrinks data and epochs so that every lesson runs in CI in minutes. It is on when the
 * environment variable {@code DLKIT_QUICK} is {@code 1} (or the system property {@code dlkit.quick}
 * is {@code true}); without it a lesson reproduces its full result.
 */
public final class QuickMode {
    private QuickMode() {}

    public static boolean on() {
        String p = System.getProperty("dlkit.quick");
        if (p != null) return Boolean.parseBoolean(p);
        String v = System.getenv("DLKIT_QUICK");
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }
}
